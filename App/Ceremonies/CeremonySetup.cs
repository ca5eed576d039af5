using App.Ceremonies.Attestation;
using App.Configuration;
using Fido2NetLib;

namespace App.Ceremonies;

public static class CeremonySetup
{
    /// <summary>
    /// Wires Fido2 to the portal's settings: rp.id is the configured one (never the request's Host),
    /// origins come from the configured list, and the attestation policy's metadata, when there is
    /// any, gives Fido2 its trust anchors and the statuses it must refuse.
    /// </summary>
    public static IServiceCollection AddCeremonies(this IServiceCollection services)
    {
        // The BLOB is read and verified once; Program resolves the policy at start-up so a bad BLOB stops the portal there.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<PortalSettings>().Options.SelfService.Methods.Passkey.Config.Attestation;
            return new AttestationPolicy(options, MetadataCatalog.LoadAsync(options).GetAwaiter().GetResult());
        });
        services.AddSingleton<IFido2>(sp =>
        {
            var settings = sp.GetRequiredService<PortalSettings>();
            var policy = sp.GetRequiredService<AttestationPolicy>();
            return new Fido2(new Fido2Configuration
            {
                RPID = settings.RpId,
                RPName = settings.RpDisplayName,
                // WebAuthn §7.1 step 9 / §7.2 step 13: the origin must be one the RP expects.
                Origins = settings.Origins.ToHashSet(StringComparer.Ordinal),
                ChallengeSize = 32,
                // A hint to the browser; the server-side lifetime is CeremonyService.Lifetime.
                Timeout = 300_000,
                UndesiredAuthenticatorMetadataStatuses = AttestationPolicy.Unsafe,
            }, policy.Metadata.Count > 0 ? policy.Metadata : null);
        });
        services.AddScoped<CeremonyService>();
        return services;
    }
}
