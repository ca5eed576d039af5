using System.Net;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>Kratos's isAlive, isReady and getVersion, on both listeners, and readiness that asks the database.</summary>
public sealed class HealthTests(AdminPortalFixture fixture) : IClassFixture<AdminPortalFixture>
{
    [Theory]
    [InlineData("/health/alive")]
    [InlineData("/health/ready")]
    public async Task Both_listeners_answer_ok(string path)
    {
        using var http = new HttpClient();
        foreach (var root in new[] { fixture.Portal.BaseUrl, fixture.Portal.AdminUrl })
        {
            var response = await http.GetAsync(root + path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", (await Wire.ObjectAsync(response))["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Both_listeners_serve_the_identity_schemas_as_Kratos_does()
    {
        using var http = new HttpClient();
        var lists = new List<string>();
        foreach (var root in new[] { fixture.Portal.BaseUrl, fixture.Portal.AdminUrl })
        {
            var response = await http.GetAsync(root + "/schemas");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var schemas = (await Wire.BodyAsync(response))!.AsArray();
            var id = schemas[0]!["id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(root + "/schemas/" + Uri.EscapeDataString(id))).StatusCode);
            lists.Add(schemas.ToJsonString());
        }
        Assert.Equal(lists[0], lists[1]);
        using var unknown = new HttpClient();
        await Wire.AssertErrorAsync(await unknown.GetAsync(fixture.Portal.AdminUrl + "/schemas/bm90LWEtc2NoZW1h"), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task Both_listeners_tell_the_version_of_the_build()
    {
        using var http = new HttpClient();
        var expected = typeof(Program).Assembly.GetName().Version!;
        foreach (var root in new[] { fixture.Portal.BaseUrl, fixture.Portal.AdminUrl })
        {
            var body = await Wire.ObjectAsync(await http.GetAsync(root + "/version"));
            Assert.Single(body);
            var version = body["version"]!.GetValue<string>();
            Assert.StartsWith($"{expected.Major}.{expected.Minor}.{expected.Build}", version);
            Assert.DoesNotContain("+", version);
        }
    }

    [Fact]
    public async Task A_database_without_its_migrations_is_not_ready_and_says_why_in_kratos_shape()
    {
        using var portal = PortalFactory.StartKestrelWithAdmin();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(portal.BaseUrl + "/health/ready")).StatusCode);

        // What an instance meets when its database file was replaced by an empty or older one.
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");

        foreach (var root in new[] { portal.BaseUrl, portal.AdminUrl })
        {
            var response = await http.GetAsync(root + "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var errors = (await Wire.ObjectAsync(response))["errors"]!.AsObject();
            Assert.Contains("migrations are not applied", errors["database"]!.GetValue<string>());
            // Alive asks nothing of the database: the process still answers.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(root + "/health/alive")).StatusCode);
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_is_not_ready()
    {
        using var portal = PortalFactory.StartKestrelWithAdmin();
        using var http = new HttpClient();
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            // A history table of the wrong shape: reading it fails, as a corrupt or foreign file would.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"__EFMigrationsHistory\" (\"Unrelated\" INTEGER)");
        }
        var response = await http.GetAsync(portal.BaseUrl + "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("The database could not be read.", (await Wire.ObjectAsync(response))["errors"]!["database"]!.GetValue<string>());
    }
}
