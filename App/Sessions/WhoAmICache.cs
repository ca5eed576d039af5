using System.Collections.Concurrent;

namespace App.Sessions;

/// <summary>
/// The answers of <c>/sessions/whoami</c>, kept in memory, keyed by the hash of the session token.
/// whoami is what a product team's app asks on every request, so it is the portal's most frequent
/// call; without this it costs a query of the session, identity and addresses, and a serialisation.
/// <para>
/// An answer is kept with the <see cref="WhoAmIGeneration"/> that was read before it was made, and
/// is used only while the database still reads that generation. Every committed write that could
/// change an answer (a session revoked, refreshed or extended; an identity changed, disabled or
/// deleted; an address, a password or a security key changed) moves the generation in the same
/// transaction (<see cref="WhoAmICacheInvalidation"/>). So a revoked session never passes after
/// its revocation has committed, on this instance or any other on the same database, and a hit
/// costs one small read instead of the query.
/// </para>
/// </summary>
public sealed class WhoAmICache(TimeProvider clock)
{
    /// <summary>An answer is made again at least this often, whatever happens.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the memory: about 2 kB per answer, so at most about 20 MB.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, WhoAmIAnswer> answers = new(StringComparer.Ordinal);

    public WhoAmIAnswer? Find(string tokenHash, long generation)
    {
        if (!answers.TryGetValue(tokenHash, out var answer)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (answer.Generation == generation && answer.CachedUntil > now && answer.SessionExpiresAt > now) return answer;
        answers.TryRemove(new KeyValuePair<string, WhoAmIAnswer>(tokenHash, answer));
        return null;
    }

    /// <summary>Keeps an answer made from rows read after the generation <paramref name="answer"/> carries.</summary>
    public void Keep(string tokenHash, WhoAmIAnswer answer)
    {
        if (answers.Count >= Capacity) answers.Clear();
        answers[tokenHash] = answer with { CachedUntil = clock.GetUtcNow().UtcDateTime + Lifetime };
    }
}

/// <summary>What whoami needs to answer one session without reading it again.</summary>
/// <param name="Json">The session JSON, ready to send.</param>
/// <param name="OwesSecondFactor">The session is aal1 and its identity has a second factor.</param>
/// <param name="Generation">The <see cref="WhoAmIGeneration"/> read before the rows the answer was made from.</param>
public sealed record WhoAmIAnswer(Guid IdentityId, byte[] Json, bool OwesSecondFactor, DateTime SessionExpiresAt, long Generation, DateTime CachedUntil = default);
