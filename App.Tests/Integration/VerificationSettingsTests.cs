using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// What verification's configuration does: off, the endpoints answer as Kratos's do; the
/// <c>show_verification_ui</c> hook sends a code after a passkey registration and says where to
/// enter it; and an email sign-in proves its address too.
/// </summary>
public sealed class VerificationSettingsTests
{
    private static readonly Dictionary<string, string?> Hook = new()
    {
        ["selfservice.flows.registration.after.passkey.hooks.0.hook"] = "session",
        ["selfservice.flows.registration.after.passkey.hooks.1.hook"] = "show_verification_ui",
    };

    [Fact]
    public async Task Disabled_every_endpoint_answers_Kratos_s_400()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?> { ["selfservice.flows.verification.enabled"] = "false" });
        using var client = portal.NewClient();
        foreach (var response in new[]
        {
            await client.CreateFlowRawAsync("verification", "api"),
            await client.CreateFlowRawAsync("verification", "browser"),
            await client.GetFlowAsync("verification", Guid.NewGuid().ToString()),
            await client.SubmitJsonAsync("verification", Guid.NewGuid().ToString(), new() { ["method"] = "code", ["email"] = "a@example.com" }),
        })
        {
            var error = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, null);
            Assert.Equal("Verification is not allowed because it was disabled.", error["error"]!["reason"]!.GetValue<string>());
        }
        // A browser opening an old link lands on the error page instead.
        var link = await client.Http.GetAsync($"/self-service/verification?flow={Guid.NewGuid()}&code=123456");
        Assert.Equal(HttpStatusCode.SeeOther, link.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/error?id=", link.Headers.Location!.ToString());
    }

    [Fact]
    public async Task With_the_hook_a_registration_continues_in_a_verification_flow_whose_code_is_sent()
    {
        using var portal = new PortalFactory(Hook);
        var email = $"hook-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var steps = body["continue_with"]!.AsArray();
        var show = Assert.Single(steps, s => s!["action"]!.GetValue<string>() == "show_verification_ui")!;
        Assert.Equal(email, show["flow"]!["verifiable_address"]!.GetValue<string>());
        var flowId = show["flow"]!["id"]!.GetValue<string>();
        Assert.Equal($"{portal.BaseUrl}/verification?flow={flowId}", show["flow"]!["url"]!.GetValue<string>());
        Assert.Equal("redirect_browser_to", steps[^1]!["action"]!.GetValue<string>());

        var flow = await client.GetFlowObjectAsync("verification", flowId);
        Assert.Equal("sent_email", flow["state"]!.GetValue<string>());
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Equal("verification_code_valid", message.TemplateType);
        var done = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, flow, EmailSteps.CodeIn(message)), HttpStatusCode.OK);
        Assert.Equal("passed_challenge", done["state"]!.GetValue<string>());
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal("completed", whoami["identity"]!["verifiable_addresses"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_the_hook_a_registration_sends_nothing_and_continues_as_before()
    {
        using var portal = new PortalFactory();
        var email = $"nohook-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(body["continue_with"]!.AsArray(), s => s!["action"]!.GetValue<string>() == "show_verification_ui");
        Assert.Empty(await EmailSteps.OutboxAsync(portal, email));
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal("pending", whoami["identity"]!["verifiable_addresses"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_email_sign_in_verifies_its_address()
    {
        using var portal = new PortalFactory();
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        Assert.Equal(HttpStatusCode.OK, (await EmailSteps.SubmitCodeAsync(client, sent, code)).StatusCode);
        var address = (await Wire.ObjectAsync(await client.WhoAmIAsync()))["identity"]!["verifiable_addresses"]![0]!;
        Assert.True(address["verified"]!.GetValue<bool>());
        Assert.Equal("completed", address["status"]!.GetValue<string>());
        Assert.NotNull(address["verified_at"]);
    }
}
