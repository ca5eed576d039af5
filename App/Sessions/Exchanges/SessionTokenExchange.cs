namespace App.Sessions.Exchanges;

/// <summary>
/// A native app's sign-in that a browser finishes (Kratos <c>selfservice/sessiontokenexchange</c>):
/// the app holds the init code from the flow it created, the browser brings the return_to code back
/// to it, and the two together get the session token once. Only SHA-256 hashes of the codes are kept.
/// </summary>
public sealed class SessionTokenExchange
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid FlowId { get; set; }
    public byte[] InitCodeHash { get; set; } = [];
    /// <summary>Made when the browser finishes the flow, so it exists only from then on.</summary>
    public byte[]? ReturnToCodeHash { get; set; }
    /// <summary>The session the browser won for the app; null until then.</summary>
    public Guid? SessionId { get; set; }
    /// <summary>The flow's expiry: an exchange lives no longer than the sign-in it belongs to.</summary>
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set once, by the exchange that wins: the token is handed out a single time.</summary>
    public DateTime? UsedAt { get; set; }
}
