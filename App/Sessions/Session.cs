namespace App.Sessions;

/// <summary>A server-side session. Only a hash of its token is stored, so a database leak yields no usable session.</summary>
public sealed class Session
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public byte[] TokenHash { get; set; } = [];
    public byte[]? LogoutTokenHash { get; set; }
    public Guid IdentityId { get; set; }
    public Identities.Identity? Identity { get; set; }
    public bool Active { get; set; } = true;
    public DateTime IssuedAt { get; set; }
    public DateTime AuthenticatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary><c>aal1</c> or <c>aal2</c>.</summary>
    public string Aal { get; set; } = "aal1";
    /// <summary>JSON array of <see cref="AuthenticationMethod"/>.</summary>
    public string AuthenticationMethods { get; set; } = "[]";
    /// <summary>
    /// Set when the session may do only one thing until it is lifted, such as
    /// <see cref="SessionRestrictions.PasskeyEnrolmentRequired"/> after an email sign-in.
    /// </summary>
    public string? Restriction { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>The proofs the session holds, in the order they were given.</summary>
    public IReadOnlyList<AuthenticationMethod> Proofs() =>
        System.Text.Json.JsonSerializer.Deserialize<List<AuthenticationMethod>>(AuthenticationMethods) ?? [];
}

public sealed record AuthenticationMethod(string Method, string Aal, DateTime CompletedAt);
