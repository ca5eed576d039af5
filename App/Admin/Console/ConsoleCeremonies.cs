using App.Ceremonies;
using App.Ceremonies.Attestation;
using App.Configuration;
using App.Data;
using Fido2NetLib;

namespace App.Admin.Console;

/// <summary>
/// The ceremony service of the console's sign-in: the same <see cref="CeremonyService"/> as the
/// public flows, over a Fido2 that accepts the console's origin and nothing else. The public one
/// never accepts the console's origin, so a response made for one is refused by the other.
/// </summary>
public static class ConsoleCeremonies
{
    public const string Key = "admin-console";

    public static IServiceCollection AddConsoleCeremonies(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IFido2>(Key, (sp, _) =>
        {
            var settings = sp.GetRequiredService<PortalSettings>();
            return CeremonySetup.NewFido2(settings, sp.GetRequiredService<AttestationPolicy>(), [settings.ConsoleOrigin]);
        });
        services.AddKeyedScoped<CeremonyService>(Key, (sp, _) => new CeremonyService(
            sp.GetRequiredKeyedService<IFido2>(Key), sp.GetRequiredService<AttestationPolicy>(), sp.GetRequiredService<PortalDbContext>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CeremonyService>>()));
        return services;
    }
}
