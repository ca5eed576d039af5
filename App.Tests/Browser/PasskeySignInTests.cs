using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>Register and sign in through the hosted pages in Chromium, with its virtual authenticators.</summary>
public sealed class PasskeySignInTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Registers_signs_out_and_signs_in_with_the_button()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var authenticator = await session.AddAuthenticatorAsync();
        var email = NewEmail("button");

        await session.RegisterAsync(email);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var created = Assert.Single(await authenticator.GetCredentialsAsync());
        Assert.True(created.IsResidentCredential);
        Assert.Equal("localhost", created.RpId);

        await session.SignOutAsync();
        Assert.Equal(401, await session.WhoAmIStatusAsync());

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Equal(200, await session.WhoAmIStatusAsync());

        var used = Assert.Single(await authenticator.GetCredentialsAsync());
        Assert.Equal(created.CredentialId, used.CredentialId);
        Assert.True(used.SignCount > created.SignCount, $"sign count {created.SignCount} -> {used.SignCount}");
    }

    [Fact]
    public async Task Signs_in_through_autofill_without_a_click()
    {
        await using var session = await chromium.OpenAsync();
        var authenticator = await session.AddAuthenticatorAsync();
        var email = NewEmail("autofill");
        await session.RegisterAsync(email);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var registered = await SessionIdAsync(session);
        var created = Assert.Single(await authenticator.GetCredentialsAsync());

        // Signing out leads to /login; nothing is clicked there: the pending autofill request
        // (conditional mediation) answers with the resident credential and submits the form.
        IRequest submitted;
        try
        {
            submitted = await session.Page.RunAndWaitForRequestAsync(
                () => session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(),
                request => request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/self-service/login");
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"/login submitted nothing by itself.\n{await session.DescribeAsync()}");
        }
        Assert.Contains("passkey_login=", submitted.PostData);

        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var signedIn = await SessionIdAsync(session);
        Assert.NotEqual(registered, signedIn);
        Assert.True((await authenticator.GetCredentialsAsync()).Single().SignCount > created.SignCount);
    }

    /// <summary>
    /// A USB security key that cannot store discoverable credentials is found only through the
    /// account's email (allowCredentials). The portal asks for residentKey "required", which such a
    /// key cannot create in Chromium, so the key's credential is registered over the JSON API with
    /// the same key material and then placed on the virtual key as a non-resident credential.
    /// </summary>
    [Fact]
    public async Task Signs_in_with_a_non_discoverable_security_key_after_typing_the_email()
    {
        var email = NewEmail("key");
        var issued = await RegisterSecurityKeyOverApiAsync(chromium.Portal, email);

        await using var session = await chromium.OpenAsync();
        var key = await session.AddAuthenticatorAsync(AuthenticatorKind.SecurityKey);
        await key.AddCredentialAsync(issued.Id, issued.Key.ExportPkcs8PrivateKey(), issued.RpId, resident: false, signCount: issued.SignCount);
        await session.Page.GotoAsync("/login");
        var signIn = session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" });

        // Without the address the request is discoverable, and this key has nothing to offer.
        await signIn.ClickAsync();
        await Assertions.Expect(session.Page.Locator("#passkey-status")).ToContainTextAsync("No passkey was used");
        Assert.Equal("/login", session.PathNow);

        await session.EmailField.FillAsync(email);
        await signIn.ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var used = Assert.Single(await key.GetCredentialsAsync());
        Assert.False(used.IsResidentCredential);
        Assert.True(used.SignCount > issued.SignCount);
    }

    /// <summary>
    /// Registers <paramref name="email"/> over the Kratos JSON API with a non-discoverable software
    /// credential that reports the USB transport, as a security key's does.
    /// </summary>
    private static async Task<StoredCredential> RegisterSecurityKeyOverApiAsync(PortalFactory portal, string email)
    {
        var software = new SoftwareAuthenticator(discoverable: false);
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = JsonNode.Parse(software.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin))!;
        credential["authenticatorAttachment"] = "cross-platform";
        credential["response"]!["transports"] = new JsonArray("usb");
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits"] = new JsonObject { ["email"] = email },
            ["passkey_register"] = credential.ToJsonString(),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return Assert.Single(software.Credentials);
    }

    internal static string NewEmail(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..20] + "@example.com";

    private static async Task<string> SessionIdAsync(BrowserSession session)
    {
        var response = await session.Context.APIRequest.GetAsync(session.Portal.BaseUrl + "/sessions/whoami");
        Assert.Equal(200, response.Status);
        var json = await response.JsonAsync();
        return json!.Value.GetProperty("id").GetString()!;
    }
}
