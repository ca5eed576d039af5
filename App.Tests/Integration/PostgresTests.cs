using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using App.Courier;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Tests.Integration;

/// <summary>
/// The portal on PostgreSQL (<c>dsn: postgres://…</c>), each test on a database of its own in one
/// throwaway cluster: the passkey journeys, the admin API, the courier's queue, its own migration set,
/// and many instances starting together on one database. They bring their own cluster, so the suite's
/// PostgreSQL pass (scripts/test.sh), which runs everything else on PostgreSQL, leaves them out.
/// </summary>
[Trait("Database", "postgres")]
public sealed class PostgresTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private PortalFactory Portal(string? dsn = null) =>
        PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["dsn"] = dsn ?? server.CreateDatabase() });

    [Fact]
    public async Task A_passkey_signs_up_signs_in_and_whoami_follows_logout_and_revocation()
    {
        using var portal = Portal();
        using var admin = new AdminSteps(portal);
        using var person = await admin.SignUpAsync("pg");

        var me = await Wire.ObjectAsync(await person.Client.WhoAmIAsync());
        Assert.Equal(person.Id, me["identity"]!["id"]!.GetValue<string>());
        Assert.Equal(person.Email, me["identity"]!["traits"]!["email"]!.GetValue<string>());

        var logout = await Wire.ObjectAsync(await person.Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/self-service/logout/browser") { Headers = { { "Accept", "application/json" } } }));
        await person.Client.Http.GetAsync(logout["logout_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.WhoAmIAsync()).StatusCode);

        var (client, sessionId) = await admin.SignInAgainAsync(person);
        using var _ = client;
        var again = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(sessionId, again["id"]!.GetValue<string>());
        Assert.Equal("passkey", again["authentication_methods"]![0]!["method"]!.GetValue<string>());

        // Revoked while the browser keeps its cookie, the session's answer kept in memory must go:
        // Npgsql's SQL names the sessions table without quotes, and the counter must move all the same.
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task The_admin_api_creates_and_lists_identities_with_their_json_as_written()
    {
        using var portal = Portal();
        using var admin = new AdminSteps(portal);
        var email = $"pg-admin-{Guid.NewGuid():N}@example.com";
        var created = await admin.SendAsync(HttpMethod.Post, "/admin/identities",
            new JsonObject { ["traits"] = new JsonObject { ["email"] = email }, ["metadata_public"] = new JsonObject { ["zeta"] = 1, ["a"] = new JsonArray(2, 1) } }.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Wire.ObjectAsync(created))["id"]!.GetValue<string>();

        var listed = Assert.Single(await admin.ListAsync("/admin/identities"), i => i!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(email, listed["traits"]!["email"]!.GetValue<string>());
        // Key order as written, as on SQLite: the column is json, which keeps the text, not jsonb.
        Assert.Equal("""{"zeta":1,"a":[2,1]}""", listed["metadata_public"]!.ToJsonString());
    }

    private sealed class CountingTransport : IMailTransport
    {
        public readonly ConcurrentQueue<Guid> Attempts = new();
        public string Describe() => "a counting transport";
        public Task SendAsync(CourierMessage message, CancellationToken cancel)
        {
            Attempts.Enqueue(message.Id);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_courier_queues_a_sign_in_email_and_delivers_it_once()
    {
        var transport = new CountingTransport();
        using var portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["dsn"] = server.CreateDatabase() },
            services: s => s.AddSingleton<IMailTransport>(transport));
        using var admin = new AdminSteps(portal);
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        var message = Assert.Single(await admin.ListAsync($"/admin/courier/messages?recipient={email}"))!;
        Assert.Equal("email", message["type"]!.GetValue<string>());
        // The worker records the outcome only while its claim, a time, still reads as it wrote it:
        // PostgreSQL keeps microseconds, .NET ticks of 100 ns.
        var sent = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Sent);
        Assert.Equal(message["id"]!.GetValue<string>(), sent.Id.ToString());
        Assert.Equal("success", Assert.Single(sent.Dispatches).Status);
        Assert.Equal([sent.Id], transport.Attempts);
    }

    [Fact]
    public async Task A_row_keeps_any_valid_json_and_a_time_of_unspecified_kind_as_utc()
    {
        using var portal = Portal();
        const string details = """{"reason":"nul \u0000 here","b":1,"a":2}""";
        var id = Guid.NewGuid();
        // Npgsql refuses a DateTime of Kind Unspecified for timestamptz; the portal means UTC by one.
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.AuditEvents.Add(new App.Audit.AuditEvent { Id = id, Type = "test.event", At = at, Details = details });
            await db.SaveChangesAsync();
        }
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var stored = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Id == id);
            Assert.Equal(details, stored.Details);
            Assert.Equal(DateTimeKind.Utc, stored.At.Kind);
            Assert.Equal(at.Ticks, stored.At.Ticks);
        }
    }

    [Theory]
    [InlineData("/admin/identities?credentials_identifier=a%00b")]
    [InlineData("/admin/courier/messages?recipient=a%00b")]
    [InlineData("/admin/audit?actor=a%00b")]
    [InlineData("/admin/audit?type=a%00b")]
    public async Task A_nul_character_PostgreSQL_cannot_store_is_a_bad_request_not_a_500(string path)
    {
        using var portal = Portal();
        using var admin = new AdminSteps(portal);
        await Wire.AssertErrorAsync(await admin.GetAsync(path), HttpStatusCode.BadRequest, null);
        using var client = portal.NewClient();
        var login = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/self-service/login/browser?return_to={Uri.EscapeDataString(portal.BaseUrl + "/\0")}")
            { Headers = { { "Accept", "application/json" } } });
        // A return_to is kept percent-escaped, as Kratos keeps it, so this one is no longer unstorable:
        // the flow is made, as on SQLite, and says where it will send the browser.
        var flow = await Wire.AssertFlowAsync(login, HttpStatusCode.OK);
        Assert.Equal(portal.BaseUrl + "/%00", flow["return_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_provider_sees_its_own_migrations_and_its_snapshot_matches_the_model()
    {
        using var portal = Portal();
        await using var scope = portal.Services.CreateAsyncScope();
        var postgres = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(postgres.Database.IsNpgsql());
        Assert.False(postgres.Database.HasPendingModelChanges());
        Assert.Empty(await postgres.Database.GetPendingMigrationsAsync());

        var sqliteOptions = Database.Configure(new DbContextOptionsBuilder<PortalDbContext>(), "sqlite://" + Path.Combine(portal.DataDirectory, "other.db"));
        await using var sqlite = new PortalDbContext((DbContextOptions<PortalDbContext>)sqliteOptions.Options);
        Assert.False(sqlite.Database.HasPendingModelChanges());
        var ours = postgres.Database.GetMigrations().ToList();
        var theirs = sqlite.Database.GetMigrations().ToList();
        Assert.NotEmpty(ours);
        Assert.NotEmpty(theirs);
        Assert.Empty(ours.Intersect(theirs));
        Assert.Equal(ours, await HistoryAsync(PostgresServer.DatabaseOf(portal.Services.GetRequiredService<App.Configuration.PortalSettings>().Options.Dsn)));
    }

    [Fact]
    public async Task Two_instances_starting_together_on_one_database_both_come_up_and_migrate_once()
    {
        var dsn = server.CreateDatabase();
        var starting = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Portal(dsn))).ToArray();
        var portals = await Task.WhenAll(starting);
        try
        {
            foreach (var portal in portals)
            {
                using var client = portal.NewClient();
                Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
            }
            var history = await HistoryAsync(PostgresServer.DatabaseOf(dsn));
            Assert.Equal(history.Distinct(), history);
            await using var scope = portals[0].Services.CreateAsyncScope();
            Assert.Equal(scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.GetMigrations(), history);
        }
        finally
        {
            foreach (var portal in portals) portal.Dispose();
        }
    }

    [Fact]
    public async Task An_instance_waits_for_the_migration_lock_another_holds()
    {
        var dsn = server.CreateDatabase();
        await using var holder = new NpgsqlConnection(server.ConnectionString(PostgresServer.DatabaseOf(dsn)));
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock.Key})", holder)) await take.ExecuteNonQueryAsync();

        var starting = Task.Run(() => Portal(dsn));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(starting.IsCompleted);
        Assert.Empty(await HistoryAsync(PostgresServer.DatabaseOf(dsn)));

        await holder.CloseAsync();
        using var portal = await starting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEmpty(await HistoryAsync(PostgresServer.DatabaseOf(dsn)));
    }

    [Fact]
    public async Task Migrate_applies_the_migrations_and_exits_0()
    {
        var dsn = server.CreateDatabase();
        var folder = Directory.CreateTempSubdirectory("portal-migrate-").FullName;
        try
        {
            var (exit, stderr, stdout) = await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>(), "migrate", "sql", "-e", "--yes", dsn);
            Assert.True(exit == 0, stderr + stdout);
            var history = await HistoryAsync(PostgresServer.DatabaseOf(dsn));
            Assert.NotEmpty(history);
            Assert.All(history, id => Assert.StartsWith("20", id));

            // Run again, it finds nothing to do.
            Assert.Equal(0, (await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string> { ["dsn"] = dsn }, "migrate")).ExitCode);
            Assert.Equal(history, await HistoryAsync(PostgresServer.DatabaseOf(dsn)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The migrations recorded as applied, in order; none when the history table does not exist yet.</summary>
    private async Task<List<string>> HistoryAsync(string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return [];
        await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"", connection);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
