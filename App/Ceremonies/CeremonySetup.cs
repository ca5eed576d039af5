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
        // Related origins (WebAuthn L3 §5.11) run ceremonies for the same rp.id; the browser has checked /.well-known/webauthn.
        services.AddSingleton<IFido2>(sp => NewFido2(sp.GetRequiredService<PortalSettings>(), sp.GetRequiredService<AttestationPolicy>(),
            sp.GetRequiredService<PortalSettings>().Origins.Concat(sp.GetRequiredService<PortalSettings>().RelatedOrigins)));
        services.AddScoped<CeremonyService>();
        return services;
    }

    /// <summary>
    /// Fido2 for ceremonies on exactly <paramref name="origins"/>. The public flows get the configured
    /// rp.origins; the admin console gets its own, so neither accepts the other's responses.
    /// </summary>
    public static IFido2 NewFido2(PortalSettings settings, AttestationPolicy policy, IEnumerable<string> origins) =>
        new Fido2(new Fido2Configuration
        {
            RPID = settings.RpId,
            RPName = settings.RpDisplayName,
            // WebAuthn §7.1 step 9 / §7.2 step 13: the origin must be one the RP expects.
            Origins = origins.ToHashSet(StringComparer.Ordinal),
            ChallengeSize = 32,
            // A hint to the browser; the server-side lifetime is CeremonyService.Lifetime.
            Timeout = 300_000,
            UndesiredAuthenticatorMetadataStatuses = AttestationPolicy.Unsafe,
        }, policy.Metadata.Count > 0 ? policy.Metadata : null);
}
