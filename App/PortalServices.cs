using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Courier;
using App.Credentials.Codes;
using App.Credentials.LookupSecrets;
using App.Security;
using App.SelfService.Methods.Code;
using App.SelfService.Methods.LookupSecret;
using App.Credentials.Passkeys;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Flows.Login;
using App.SelfService.Flows.Recovery;
using App.SelfService.Flows.Registration;
using App.SelfService.Flows.Settings;
using App.SelfService.Methods;
using App.SelfService.Methods.Passkey;
using App.SelfService.Methods.Profile;
using App.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App;

/// <summary>Registers the portal's parts. Order of methods is the order their nodes appear in a flow.</summary>
public static class PortalServices
{
    /// <summary>
    /// Everything is built from configuration when first resolved, not when registered, so hosts
    /// that add configuration late (tests) see their settings.
    /// </summary>
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddSingleton(sp => PortalSettings.Load(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SchemaRegistry(sp.GetRequiredService<PortalSettings>(), sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        services.AddSingleton(sp => new Sessions.SessionTokenizer(sp.GetRequiredService<PortalSettings>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        services.AddSingleton<WhoAmICache>();
        services.AddSingleton<WhoAmICacheInvalidation>();
        // Pooled: the options are built once and a request borrows a context instead of building
        // one, which was a measurable part of every request that touches the database.
        services.AddDbContextPool<PortalDbContext>((sp, o) => Database.Configure(o, sp.GetRequiredService<PortalSettings>().Options.Dsn)
            .AddInterceptors(sp.GetRequiredService<WhoAmICacheInvalidation>()));
        services.AddSharedKeyRing();
        services.AddCeremonies();

        services.AddSingleton<Csrf>();
        services.AddSingleton<WebAuthnScript>();
        services.AddSingleton<Localization.Texts>();
        services.AddSingleton<Components.Themes.ThemeParts>();
        services.AddSingleton<DecoyCredentials>();
        services.AddSingleton<PasskeyProviders>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IdentityDirectory>();
        services.AddScoped<SessionService>();
        services.AddScoped<AuthenticatorAssurance>();
        services.AddScoped<App.Credentials.SecurityKeys.SecondFactorEligibility>();
        services.AddScoped<FlowStore>();
        services.AddScoped<Sessions.Exchanges.SessionTokenExchanges>();
        services.AddScoped<FlowEngine>();
        services.AddScoped<FlowPages>();

        services.AddSingleton<Admin.AdminApiKeys>();
        services.AddScoped<Admin.AuditSearch>();
        services.AddScoped<Admin.IdentityAdministration>();
        services.AddScoped<Admin.IdentityBatch>();
        services.AddScoped<Admin.IdentityCredentials>();
        services.AddScoped<Admin.ICredentialType, Admin.PasskeyCredentials>();
        services.AddScoped<Admin.ICredentialType, Admin.CodeCredentials>();
        services.AddScoped<Admin.ICredentialType, Credentials.Passwords.PasswordCredentials>();
        services.AddScoped<Admin.SessionAdministration>();

        services.AddHostedService<Housekeeping>();

        services.AddSingleton<Secrets>();
        services.AddScoped<RateLimiter>();
        services.AddScoped<OneTimeCodes>();
        services.AddScoped<CodeSender>();
        services.AddScoped<GuessLimits>();
        services.AddScoped<BackupCodeStore>();
        services.AddSingleton<Credentials.Passwords.PasswordHashes>();
        services.AddScoped<Credentials.Passwords.PasswordStore>();
        services.AddSingleton<CourierTemplates>();
        services.AddSingleton<CourierSignal>();
        services.AddScoped<Outbox>();
        services.AddSingleton<IMailTransport>(sp => MailTransports.Create(sp));
        services.AddHostedService<CourierWorker>();

        services.AddScoped<LoginFlow>();
        services.AddScoped<RegistrationFlow>();
        services.AddScoped<SettingsFlow>();
        services.AddScoped<App.SelfService.Flows.Settings.BackupPasskeyDetour>();
        services.AddScoped<App.SelfService.Methods.Passkey.AutomaticUpgrade>();
        services.AddScoped<App.Ceremonies.CredentialSignals>();
        services.AddScoped<RecoveryFlow>();
        services.AddScoped<App.SelfService.Flows.Verification.VerificationFlow>();
        services.AddScoped<App.SelfService.Flows.Verification.VerificationStarter>();
        services.AddScoped<Admin.AdminRecovery>();
        services.AddScoped<FlowErrors>();
        services.AddScoped<ILoginMethod, PasskeyLogin>();
        services.AddScoped<ILoginMethod, CodeLogin>();
        services.AddScoped<ILoginMethod, LookupSecretLogin>();
        services.AddScoped<ILoginMethod, App.SelfService.Methods.WebAuthn.WebAuthnLogin>();
        services.AddScoped<ILoginMethod, SelfService.Methods.Password.PasswordLogin>();
        services.AddScoped<SelfService.Methods.Password.PasswordNudge>();
        services.AddScoped<IRegistrationMethod, ProfileRegistration>();
        services.AddScoped<IRegistrationMethod, PasskeyRegistration>();
        services.AddScoped<ISettingsMethod, PasskeySettings>();
        services.AddScoped<ISettingsMethod, App.SelfService.Methods.WebAuthn.WebAuthnSettings>();
        services.AddScoped<ISettingsMethod, CodeSettings>();
        services.AddScoped<ISettingsMethod, App.SelfService.Methods.Profile.ProfileSettings>();
        services.AddScoped<App.Identities.EmailChange>();
        services.AddScoped<IRecoveryMethod, CodeRecovery>();
        services.AddScoped<IVerificationMethod, CodeVerification>();
        services.AddScoped<ISettingsMethod, LookupSecretSettings>();
        services.AddScoped<ISettingsMethod, SelfService.Methods.Password.PasswordSettings>();
        return services;
    }
}
