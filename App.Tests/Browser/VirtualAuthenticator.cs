using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>What kind of authenticator Chromium's WebAuthn domain simulates.</summary>
public sealed record AuthenticatorKind(
    string Transport = "internal",
    bool HasResidentKey = true,
    bool HasUserVerification = true,
    bool IsUserVerified = true)
{
    /// <summary>A platform authenticator with a fingerprint reader: discoverable, user-verifying passkeys.</summary>
    public static AuthenticatorKind Platform { get; } = new();

    /// <summary>A USB security key with a PIN that cannot store discoverable credentials.</summary>
    public static AuthenticatorKind SecurityKey { get; } = new("usb", HasResidentKey: false);
}

/// <summary>One credential as <c>WebAuthn.getCredentials</c> reports it.</summary>
public sealed record VirtualCredential(string CredentialId, bool IsResidentCredential, string RpId, string? UserHandle, long SignCount);

/// <summary>
/// A virtual authenticator of Chromium (CDP <c>WebAuthn</c> domain), attached to one page: it answers
/// navigator.credentials for that page across navigations.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession cdp;

    private VirtualAuthenticator(ICDPSession cdp, string id)
    {
        this.cdp = cdp;
        Id = id;
    }

    public string Id { get; }

    public static async Task<VirtualAuthenticator> AddAsync(ICDPSession cdp, AuthenticatorKind kind)
    {
        var result = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = kind.Transport,
                ["hasResidentKey"] = kind.HasResidentKey,
                ["hasUserVerification"] = kind.HasUserVerification,
                ["isUserVerified"] = kind.IsUserVerified,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(cdp, result!.Value.GetProperty("authenticatorId").GetString()!);
    }

    public async Task<IReadOnlyList<VirtualCredential>> GetCredentialsAsync()
    {
        var result = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = Id });
        return result!.Value.GetProperty("credentials").EnumerateArray().Select(c => new VirtualCredential(
            c.GetProperty("credentialId").GetString()!,
            c.GetProperty("isResidentCredential").GetBoolean(),
            c.TryGetProperty("rpId", out var rp) ? rp.GetString()! : "",
            c.TryGetProperty("userHandle", out var user) ? user.GetString() : null,
            c.GetProperty("signCount").GetInt64())).ToList();
    }

    /// <summary>
    /// Puts a credential on the authenticator, as if it had been made on it earlier.
    /// <paramref name="credentialId"/> and <paramref name="pkcs8PrivateKey"/> are raw bytes.
    /// </summary>
    public Task AddCredentialAsync(byte[] credentialId, byte[] pkcs8PrivateKey, string rpId, bool resident, byte[]? userHandle = null, long signCount = 0)
    {
        var credential = new Dictionary<string, object>
        {
            ["credentialId"] = Convert.ToBase64String(credentialId),
            ["isResidentCredential"] = resident,
            ["rpId"] = rpId,
            ["privateKey"] = Convert.ToBase64String(pkcs8PrivateKey),
            ["signCount"] = signCount,
        };
        if (userHandle is not null) credential["userHandle"] = Convert.ToBase64String(userHandle);
        return cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
        {
            ["authenticatorId"] = Id,
            ["credential"] = credential,
        });
    }

    /// <summary>From now on the fingerprint (or PIN) check fails, or succeeds again.</summary>
    public Task SetUserVerifiedAsync(bool verified) =>
        cdp.SendAsync("WebAuthn.setUserVerified", new Dictionary<string, object> { ["authenticatorId"] = Id, ["isUserVerified"] = verified });

    /// <summary>The device is unplugged: its credentials are gone with it.</summary>
    public Task RemoveAsync() =>
        cdp.SendAsync("WebAuthn.removeVirtualAuthenticator", new Dictionary<string, object> { ["authenticatorId"] = Id });
}
