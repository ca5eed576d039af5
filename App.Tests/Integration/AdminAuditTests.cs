using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// <c>GET /admin/audit</c>: newest first, filtered by identity, type, actor and time, paged through
/// <c>Link</c> like Kratos's admin lists; and no way to change or delete an entry.
/// </summary>
public sealed class AdminAuditTests : IDisposable
{
    private readonly FakeClock clock = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture));
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public AdminAuditTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(clock: clock);
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    /// <summary>At 08:00 A signs up, at 09:00 an administrator invites someone, at 10:00 patches A, at 11:00 B signs up.</summary>
    private async Task<(SignedUp A, string Invited, SignedUp B)> HistoryAsync()
    {
        var a = await admin.SignUpAsync("audit-a");
        clock.Advance(TimeSpan.FromHours(1));
        var created = await admin.SendAsync(HttpMethod.Post, "/admin/identities",
            new JsonObject { ["traits"] = new JsonObject { ["email"] = $"invited-{Guid.NewGuid():N}@example.com" } }.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var invited = (await Wire.ObjectAsync(created))["id"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync(a.Id, """[{"op": "add", "path": "/metadata_public/plan", "value": "team"}]""")).StatusCode);
        clock.Advance(TimeSpan.FromHours(1));
        var b = await admin.SignUpAsync("audit-b");
        return (a, invited, b);
    }

    private static List<(string Type, string? Identity)> Rows(IEnumerable<JsonNode?> entries) =>
        entries.Select(e => (e!["type"]!.GetValue<string>(), e["identity_id"]?.GetValue<string>())).ToList();

    [Fact]
    public async Task Entries_come_newest_first_and_each_filter_narrows_them()
    {
        var (a, invited, b) = await HistoryAsync();
        using var _ = a;
        using var __ = b;

        var all = await admin.ListAsync("/admin/audit");
        var times = all.Select(e => e!["time"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(("registration.succeeded", b.Id), Rows(all)[0]);
        var entry = all[0]!.AsObject();
        Assert.Equal(["actor", "details", "flow_id", "id", "identity_id", "ip_address", "session_id", "time", "type", "user_agent"], entry.Select(p => p.Key).Order());

        Assert.Equal([("admin.identity_updated", a.Id), ("registration.succeeded", a.Id)],
            Rows(await admin.ListAsync($"/admin/audit?identity_id={a.Id}")).Where(r => r.Type is "admin.identity_updated" or "registration.succeeded"));
        Assert.All(await admin.ListAsync($"/admin/audit?identity_id={a.Id}"), e => Assert.Equal(a.Id, e!["identity_id"]!.GetValue<string>()));
        Assert.Equal([("registration.succeeded", b.Id), ("registration.succeeded", a.Id)], Rows(await admin.ListAsync("/admin/audit?type=registration.succeeded")));
        Assert.Equal([("admin.identity_updated", a.Id), ("admin.identity_created", invited)], Rows(await admin.ListAsync("/admin/audit?actor=admin:local")));
        Assert.All(await admin.ListAsync("/admin/audit?actor=identity"), e => Assert.Contains(e!["identity_id"]!.GetValue<string>(), new[] { a.Id, b.Id }));
        Assert.Empty(await admin.ListAsync("/admin/audit?actor=admin:someone-else"));

        // 09:30 to 10:30 holds only the patch; the offset form names the same instant.
        Assert.Equal([("admin.identity_updated", a.Id)], Rows(await admin.ListAsync("/admin/audit?since=2026-11-02T09:30:00Z&until=2026-11-02T10:30:00Z")));
        Assert.Equal([("admin.identity_updated", a.Id)], Rows(await admin.ListAsync($"/admin/audit?since={Uri.EscapeDataString("2026-11-02T10:30:00+01:00")}&until=2026-11-02T10:30:00.5Z")));
        Assert.All(await admin.ListAsync("/admin/audit?until=2026-11-02T08:30:00Z"), e => Assert.Equal(a.Id, e!["identity_id"]!.GetValue<string>()));
        Assert.Equal([("admin.identity_created", invited)], Rows(await admin.ListAsync("/admin/audit?actor=admin:local&since=2026-11-02T08:30:00Z&until=2026-11-02T09:30:00Z")));
    }

    [Fact]
    public async Task Pages_follow_the_link_header_with_the_filters_kept_and_nothing_lost_or_repeated()
    {
        var (a, _, b) = await HistoryAsync();
        using var _ = a;
        using var __ = b;
        var all = await admin.ListAsync("/admin/audit");
        Assert.True(all.Count >= 4, $"Only {all.Count} entries.");

        // A last page that is not full, and one that is, end the same way: without a Link.
        foreach (var size in new[] { 3, all.Count })
        {
            var (paged, pages) = await admin.AllPagesAsync($"/admin/audit?page_size={size}");
            Assert.Equal((all.Count + size - 1) / size, pages);
            Assert.Equal(all.Select(e => e!["id"]!.GetValue<string>()), paged.Select(e => e["id"]!.GetValue<string>()));
        }

        var first = await admin.GetAsync("/admin/audit?page_size=1&type=registration.succeeded");
        var next = AdminSteps.Next(first)!;
        Assert.Contains("type=registration.succeeded", next);
        Assert.Contains("page_size=1", next);
        var (filtered, filteredPages) = await admin.AllPagesAsync("/admin/audit?type=registration.succeeded&page_size=1");
        Assert.Equal(2, filteredPages);
        Assert.Equal([b.Id, a.Id], filtered.Select(e => e["identity_id"]!.GetValue<string>()));
        Assert.Null(AdminSteps.Next(await admin.GetAsync("/admin/audit")));
    }

    [Fact]
    public async Task One_entry_is_read_by_its_id()
    {
        using var person = await admin.SignUpAsync("audit-one");
        var latest = (await admin.ListAsync("/admin/audit?page_size=1"))[0]!.AsObject();
        var one = await Wire.ObjectAsync(await admin.GetAsync($"/admin/audit/{latest["id"]}"));
        Assert.Equal(latest.ToJsonString(), one.ToJsonString());
        await Wire.AssertErrorAsync(await admin.GetAsync($"/admin/audit/{Guid.NewGuid()}"), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.GetAsync("/admin/audit/not-a-uuid"), HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task No_method_changes_or_deletes_an_entry()
    {
        using var person = await admin.SignUpAsync("audit-keep");
        var before = await admin.ListAsync("/admin/audit");
        var id = before[0]!["id"]!.GetValue<string>();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
            foreach (var path in new[] { "/admin/audit", $"/admin/audit/{id}", $"/admin/audit?identity_id={person.Id}" })
            {
                var response = await admin.SendAsync(method, path, method == HttpMethod.Delete ? null : """{"type": "nothing.happened"}""");
                await Wire.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, null);
                Assert.Equal(["GET"], response.Content.Headers.Allow);
            }
        Assert.Equal(before.ToJsonString(), (await admin.ListAsync("/admin/audit")).ToJsonString());
    }

    [Theory]
    [InlineData("identity_id=not-a-uuid")]
    [InlineData("since=yesterday")]
    [InlineData("since=2026-11-02")]
    [InlineData("since=2026-11-02T08:00:00")]
    [InlineData("until=2026-13-02T08:00:00Z")]
    [InlineData("since=2026-11-03T00:00:00Z&until=2026-11-02T00:00:00Z")]
    [InlineData("page_size=0")]
    [InlineData("page_size=abc")]
    [InlineData("page_token=not-a-token")]
    [InlineData("page_token=01a231d2-afa3-7eab-bb7c-c30d8e6373ee")]
    [InlineData("type=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Bad_filters_and_tokens_are_a_400_in_kratos_shape(string query) =>
        await Wire.AssertErrorAsync(await admin.GetAsync("/admin/audit?" + query), HttpStatusCode.BadRequest, null);
}
