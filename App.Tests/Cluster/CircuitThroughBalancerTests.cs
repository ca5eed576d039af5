using System.Net;
using App.Tests.Authenticator;
using App.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Cluster;

/// <summary>
/// The live passkeys page in Chromium through the balancer: pages go round-robin, so the page and
/// its circuit may come from different instances, and the circuit's WebSocket stays on the instance
/// that opened it (the balancer's affinity cookie), so a change made over it is saved.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CircuitThroughBalancerTests(ClusterFixture cluster)
{
    [Fact]
    public async Task The_passkeys_page_runs_its_circuit_through_the_balancer_and_saves_a_new_passkey()
    {
        var email = $"circuit-{Guid.NewGuid():N}@cluster.example";
        using var signUp = new ClusterBrowser();
        var (status, body) = await signUp.RegisterAsync(cluster.PublicUrl, cluster.PublicUrl, new SoftwareAuthenticator(), email, cluster.PublicUrl);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var identity = Guid.Parse(body["identity"]!["id"]!.GetValue<string>());
        var session = signUp.Cookies.GetCookies(new Uri(cluster.PublicUrl))["ory_kratos_session"]!.Value;

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await ChromiumFixture.LaunchAsync(playwright);
        await using var context = await chromium.NewContextAsync(new() { BaseURL = cluster.PublicUrl });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "ory_kratos_session", Value = session, Url = cluster.PublicUrl }]);
        var page = await context.NewPageAsync();
        var addButton = page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" });

        // Three loads: round-robin serves them from both instances, while the circuits stick to one.
        for (var load = 0; load < 3; load++)
        {
            await page.GotoAsync("/self-service/settings/browser");
            // The prerendered button is disabled until the circuit runs.
            await Expect(addButton).ToBeEnabledAsync(new() { Timeout = 20_000 });
        }
        // LoadBalancer/ProxyConfig.cs names the affinity cookie and scopes it to the circuit path.
        Assert.Contains(await context.CookiesAsync(), c => c.Name == ".Portal.Instance" && c.Path == "/_blazor");

        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var laptop = await VirtualAuthenticator.AddAsync(cdp, AuthenticatorKind.Platform);
        await addButton.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Single(await laptop.GetCredentialsAsync());
        Assert.Equal(2, await cluster.CountAsync("SELECT count(*) FROM identity_passkeys WHERE identity_id = @id", ("id", identity)));
    }
}
