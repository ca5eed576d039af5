using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary><c>GET /admin/courier/messages</c> and <c>/{id}</c>, in Kratos's shapes, on the admin listener only.</summary>
public sealed class CourierAdminTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private async Task<string> SendCodeAsync()
    {
        var email = $"admin-view-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        await EmailSteps.SendAsync(client, flow, email);
        return email;
    }

    [Fact]
    public async Task Lists_messages_newest_first_with_filters_and_pages()
    {
        var first = await SendCodeAsync();
        var second = await SendCodeAsync();
        var third = await SendCodeAsync();

        var all = JsonNode.Parse(await admin.GetStringAsync($"{portal.AdminUrl}/admin/courier/messages"))!.AsArray();
        Assert.Equal([third, second, first], all.Select(m => m!["recipient"]!.GetValue<string>()).Take(3));
        var message = all[0]!.AsObject();
        foreach (var key in new[] { "id", "status", "type", "recipient", "subject", "body", "template_type", "send_count", "created_at", "updated_at" })
            Assert.True(message.ContainsKey(key), key);
        Assert.Equal("email", message["type"]!.GetValue<string>());

        var filtered = JsonNode.Parse(await admin.GetStringAsync($"{portal.AdminUrl}/admin/courier/messages?recipient={second}"))!.AsArray();
        Assert.Equal(second, Assert.Single(filtered)!["recipient"]!.GetValue<string>());

        var page = await admin.GetAsync($"{portal.AdminUrl}/admin/courier/messages?page_size=2");
        Assert.Equal(2, JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray().Count);
        var link = page.Headers.GetValues("Link").Single();
        var next = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        var rest = JsonNode.Parse(await admin.GetStringAsync(portal.AdminUrl + next))!.AsArray();
        Assert.Equal(first, Assert.Single(rest)!["recipient"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gets_one_message_with_its_dispatches()
    {
        var email = await SendCodeAsync();
        var list = JsonNode.Parse(await admin.GetStringAsync($"{portal.AdminUrl}/admin/courier/messages?recipient={email}"))!.AsArray();
        var id = list[0]!["id"]!.GetValue<string>();

        var one = JsonNode.Parse(await admin.GetStringAsync($"{portal.AdminUrl}/admin/courier/messages/{id}"))!.AsObject();
        Assert.Equal(id, one["id"]!.GetValue<string>());
        Assert.NotNull(one["dispatches"]);
    }

    [Theory]
    [InlineData("/admin/courier/messages/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("/admin/courier/messages/6f1a1c1e-0000-4000-8000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("/admin/courier/messages?page_size=0", HttpStatusCode.BadRequest)]
    [InlineData("/admin/courier/messages?status=lost", HttpStatusCode.BadRequest)]
    [InlineData("/admin/courier/messages?page_token=nonsense", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_Kratos_errors(string path, HttpStatusCode status)
    {
        var response = await admin.GetAsync(portal.AdminUrl + path);
        Assert.Equal(status, response.StatusCode);
        Assert.True(Wire.IsKratosError(await Wire.BodyAsync(response)));
    }

    [Fact]
    public async Task The_public_listener_does_not_serve_the_admin_api()
    {
        var response = await admin.GetAsync($"{portal.BaseUrl}/admin/courier/messages");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
