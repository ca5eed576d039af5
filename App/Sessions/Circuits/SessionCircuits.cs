using System.Collections.Concurrent;

namespace App.Sessions.Circuits;

/// <summary>
/// Which live circuits act for which session. When a session ends (sign-out, "sign out everywhere
/// else", revocation, expiry, a deactivated identity), its circuits end with it, so no page keeps
/// running for a browser that is no longer signed in.
/// </summary>
public sealed class SessionCircuits(ILogger<SessionCircuits> logger)
{
    private readonly ConcurrentDictionary<string, Tracked> circuits = new();

    private sealed class Tracked(Guid sessionId, Guid identityId, Func<Task> end)
    {
        public Guid SessionId { get; } = sessionId;
        public Guid IdentityId { get; } = identityId;
        public Func<Task> End { get; } = end;
        public int Ending;
    }

    public void Track(string circuitId, Guid sessionId, Guid identityId, Func<Task> end) =>
        circuits[circuitId] = new Tracked(sessionId, identityId, end);

    public void Forget(string circuitId) => circuits.TryRemove(circuitId, out _);

    /// <summary>The live circuits of a session.</summary>
    public int CountFor(Guid sessionId) => circuits.Values.Count(c => c.SessionId == sessionId);

    /// <summary>The sessions that have a live circuit now.</summary>
    public IReadOnlyCollection<Guid> Sessions => circuits.Values.Select(c => c.SessionId).Distinct().ToList();

    public void EndSession(Guid sessionId) => End(c => c.SessionId == sessionId);

    public void EndSessions(IReadOnlySet<Guid> sessionIds) => End(c => sessionIds.Contains(c.SessionId));

    /// <summary>Every session of the identity: it was deactivated or deleted, or an administrator ended its sessions.</summary>
    public void EndIdentity(Guid identityId) => End(c => c.IdentityId == identityId);

    /// <summary>"Sign out everywhere else": every session of the identity but the one that asked.</summary>
    public void EndOtherSessions(Guid identityId, Guid keep) => End(c => c.IdentityId == identityId && c.SessionId != keep);

    private void End(Func<Tracked, bool> which)
    {
        foreach (var (id, circuit) in circuits)
            if (which(circuit) && Interlocked.Exchange(ref circuit.Ending, 1) == 0) _ = EndAsync(id, circuit);
    }

    private async Task EndAsync(string id, Tracked circuit)
    {
        try
        {
            await circuit.End();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Circuit {Circuit} of session {Session} did not end cleanly", id, circuit.SessionId);
        }
    }
}
