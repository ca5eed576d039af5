using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace App.Data;

/// <summary>
/// The framework's data-protection key ring (antiforgery tokens, Blazor's protected component state
/// and circuit ids) kept in the portal's database under one fixed application name, so whatever one
/// instance protects every other instance on that database accepts. Without it each instance would
/// make a ring of its own, in its own home folder, and refuse the others' tokens.
/// </summary>
public static class SharedKeyRing
{
    /// <summary>Part of every protected payload's purpose: changing it voids every token in flight.</summary>
    public const string ApplicationName = "identity-portal";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        return services;
    }

    /// <summary>
    /// Makes the ring's first key unless the database already has a key in use. Called under the
    /// start-up migration lock: instances starting together on an empty database would otherwise each
    /// make a first key on their first request, each cache a ring holding only its own, and refuse
    /// what the others protected until their rings next refresh.
    /// </summary>
    public static void EnsureKey(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)) return;
        var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        keys.CreateNewKey(now, now + lifetime);
    }
}
