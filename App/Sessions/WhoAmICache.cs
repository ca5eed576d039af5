using System.Collections.Concurrent;

namespace App.Sessions;

/// <summary>
/// The answers of <c>/sessions/whoami</c>, kept in memory for a short while, keyed by the hash of
/// the session token. whoami is what every request of a product team's app asks, so it is the
/// portal's most frequent call; without this it costs a database round trip and a serialisation
/// each time.
/// <para>
/// Correctness rests on one rule: every committed write that could change an answer (a session
/// revoked, refreshed or extended; an identity changed, disabled or deleted; an address, a
/// password or a security key changed) empties the cache before the write's request returns
/// (<see cref="WhoAmICacheInvalidation"/>), so a revoked session never passes after its revocation
/// has returned. An answer read before such a write and offered after it is refused, because the
/// <see cref="Generation"/> it was read under has moved on.
/// </para>
/// <para>
/// The cache is per process. Instances that share one database must not rely on it: they turn it
/// off with <c>session.whoami.cache: false</c>.
/// </para>
/// </summary>
public sealed class WhoAmICache(TimeProvider clock)
{
    /// <summary>An answer is read again from the database at least this often, whatever happens.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Bounds the memory: about 2 kB per answer, so at most about 20 MB.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, WhoAmIAnswer> answers = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Read before the database, handed back with <see cref="Offer"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public WhoAmIAnswer? Find(string tokenHash)
    {
        if (!answers.TryGetValue(tokenHash, out var answer)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (answer.CachedUntil > now && answer.SessionExpiresAt > now) return answer;
        answers.TryRemove(new KeyValuePair<string, WhoAmIAnswer>(tokenHash, answer));
        return null;
    }

    /// <summary>Keeps an answer read from the database under <paramref name="readUnder"/>, unless a write has committed since.</summary>
    public void Offer(string tokenHash, WhoAmIAnswer answer, long readUnder)
    {
        if (Generation != readUnder) return;
        if (answers.Count >= Capacity) answers.Clear();
        answers[tokenHash] = answer with { CachedUntil = clock.GetUtcNow().UtcDateTime + Lifetime };
        // Checked again after the insert: an invalidation that ran in between either cleared the
        // entry already or moved the generation, and then the entry goes.
        if (Generation != readUnder) answers.TryRemove(tokenHash, out _);
    }

    /// <summary>A write that may change answers has committed.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        answers.Clear();
    }
}

/// <summary>What whoami needs to answer one session without the database.</summary>
/// <param name="Json">The session JSON, ready to send.</param>
/// <param name="OwesSecondFactor">The session is aal1 and its identity has a second factor.</param>
public sealed record WhoAmIAnswer(Guid IdentityId, byte[] Json, bool OwesSecondFactor, DateTime SessionExpiresAt, DateTime CachedUntil = default);
