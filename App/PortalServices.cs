using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Credentials.Passkeys;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Flows.Login;
using App.SelfService.Flows.Registration;
using App.SelfService.Methods;
using App.SelfService.Methods.Passkey;
using App.SelfService.Methods.Profile;
using App.Sessions;

namespace App;

/// <summary>Registers the portal's parts. Order of methods is the order their nodes appear in a flow.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services, PortalSettings settings, string root)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SchemaRegistry(settings, root));
        services.AddDbContext<PortalDbContext>(o => Database.Configure(o, settings.Options.Dsn));
        services.AddCeremonies(settings);

        services.AddSingleton<Csrf>();
        services.AddSingleton<WebAuthnScript>();
        services.AddSingleton<DecoyCredentials>();
        services.AddSingleton<PasskeyNaming>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IdentityDirectory>();
        services.AddScoped<SessionService>();
        services.AddScoped<FlowStore>();
        services.AddScoped<FlowEngine>();
        services.AddScoped<FlowPages>();

        services.AddScoped<LoginFlow>();
        services.AddScoped<RegistrationFlow>();
        services.AddScoped<ILoginMethod, PasskeyLogin>();
        services.AddScoped<IRegistrationMethod, ProfileRegistration>();
        services.AddScoped<IRegistrationMethod, PasskeyRegistration>();
        return services;
    }
}
