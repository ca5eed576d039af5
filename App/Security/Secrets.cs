using System.Security.Cryptography;
using System.Text;
using App.Configuration;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Security;

/// <summary>
/// The keys behind every HMAC the portal stores (codes, links, rate-limit buckets). The operator's
/// <c>secrets.default</c> come first; the first signs, all verify, so a key can be rotated. Without
/// configured secrets the portal makes one random key, once, and keeps it in the database, so codes
/// survive a restart and every instance on one database agrees.
/// </summary>
public sealed class Secrets(PortalSettings settings, IServiceScopeFactory scopes, TimeProvider clock)
{
    private const string GeneratedKeyName = "hmac";
    private Task<byte[][]>? keys;

    public async Task<byte[]> HmacAsync(string purpose, string value) =>
        Hmac((await KeysAsync())[0], purpose, value);

    /// <summary>True when <paramref name="stored"/> is the HMAC of <paramref name="value"/> under any key; constant time per key.</summary>
    public async Task<bool> MatchesAsync(string purpose, string value, byte[] stored)
    {
        var match = false;
        foreach (var key in await KeysAsync())
            match |= CryptographicOperations.FixedTimeEquals(Hmac(key, purpose, value), stored);
        return match;
    }

    private static byte[] Hmac(byte[] key, string purpose, string value) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + value));

    private Task<byte[][]> KeysAsync()
    {
        var current = keys;
        if (current is not null && !current.IsFaulted) return current;
        // A failed load (database not ready yet) is tried again on the next call rather than kept.
        Interlocked.CompareExchange(ref keys, LoadAsync(), current);
        return keys!;
    }

    private async Task<byte[][]> LoadAsync()
    {
        var configured = settings.Options.Secrets.Default;
        if (configured.Count > 0) return configured.Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.PortalKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == GeneratedKeyName) is { } existing)
            return [Convert.FromBase64String(existing.Value)];
        db.PortalKeys.Add(new PortalKey
        {
            Name = GeneratedKeyName,
            Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another instance made the key first; use theirs.
        }
        await using var again = scopes.CreateAsyncScope();
        var fresh = again.ServiceProvider.GetRequiredService<PortalDbContext>();
        var key = await fresh.PortalKeys.AsNoTracking().FirstAsync(k => k.Name == GeneratedKeyName);
        return [Convert.FromBase64String(key.Value)];
    }
}
