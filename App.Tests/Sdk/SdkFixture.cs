using App.Admin;
using App.Tests.Browser;
using App.Tests.Infrastructure;

namespace App.Tests.Sdk;

/// <summary>
/// maildev and a portal that delivers to it, with an admin API key configured, so the SDK's admin
/// calls carry the key as their bearer token and a call without it is refused, and a verification
/// email after each registration.
/// </summary>
public sealed class SdkFixture : IAsyncLifetime
{
    public static readonly string AdminKey = AdminKeyHash.NewKey();

    private readonly System.Security.Cryptography.ECDsa tokenKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
    private Maildev? maildev;
    private PortalFactory? portal;

    public Maildev Maildev => maildev ?? throw new InvalidOperationException("maildev is not started.");
    /// <summary>The public half of the tokenizer's key, as a JSON Web Key Set.</summary>
    public string TokenKeySet => Integration.SessionTokenizerTests.KeySet(tokenKey, withPrivate: false);
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");

    public async Task InitializeAsync()
    {
        maildev = await Maildev.StartAsync();
        portal = MailBrowserFixture.StartPortal(maildev, new Dictionary<string, string?>
        {
            ["serve.admin.api_keys.0.name"] = "sdk",
            ["serve.admin.api_keys.0.key_hash"] = AdminKeyHash.Of(AdminKey),
            // A registration then continues with show_verification_ui, which the SDK models.
            ["selfservice.flows.registration.after.passkey.hooks.0.hook"] = "session",
            ["selfservice.flows.registration.after.passkey.hooks.1.hook"] = "show_verification_ui",
            // Every journey's people come from this one machine's address; each address keeps its limit.
            ["selfservice.methods.code.config.rate_limits.sends_per_ip"] = "200",
            // toSession's tokenizeAs signs with this key; the journey checks the signature with its public half.
            ["session.whoami.tokenizer.templates.jwt.jwks_url"] = "base64://" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
                Integration.SessionTokenizerTests.KeySet(tokenKey, withPrivate: true))),
        });
    }

    public async Task DisposeAsync()
    {
        portal?.Dispose();
        tokenKey.Dispose();
        if (maildev is not null) await maildev.DisposeAsync();
    }
}
