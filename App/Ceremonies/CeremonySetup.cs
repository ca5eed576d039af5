using App.Configuration;
using App.Credentials.Passkeys;
using App.Identities;
using Microsoft.AspNetCore.Identity;

namespace App.Ceremonies;

public static class CeremonySetup
{
    /// <summary>
    /// Wires Identity's passkey handler to the portal's store and settings: rp.id is the configured
    /// one (never the request's Host), origins come from the configured list, and passkeys must be
    /// discoverable and user-verified.
    /// </summary>
    public static IServiceCollection AddCeremonies(this IServiceCollection services)
    {
        services.AddIdentityCore<Identity>().AddUserStore<PasskeyUserStore>();
        services.AddOptions<IdentityPasskeyOptions>().Configure<PortalSettings>((o, settings) =>
        {
            o.ServerDomain = settings.RpId;
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.AuthenticatorTimeout = TimeSpan.FromMinutes(5);
            // WebAuthn §7.1 step 9 / §7.2 step 13: the origin must be one the RP expects.
            o.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && settings.Origins.Contains(context.Origin, StringComparer.Ordinal));
        });
        services.AddScoped<IPasskeyHandler<Identity>, PasskeyHandler<Identity>>();
        services.AddScoped<CeremonyService>();
        return services;
    }
}
