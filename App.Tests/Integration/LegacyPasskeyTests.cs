using System.Net;
using System.Text.Json;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Data.Sqlite;

namespace App.Tests.Integration;

/// <summary>
/// Passkeys saved by the portal before it verified with Fido2 keep working. The fixture is a
/// database made by that version (Fixtures/LegacyPasskeys/identity.sql: two accounts, one with a
/// discoverable passkey, one with a security key), with the authenticators' keys beside it.
/// SQLite only: that version had no other database, so the fixture is a SQLite file's contents.
/// </summary>
[Trait("Database", "sqlite")]
public sealed class LegacyPasskeyTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Integration", "Fixtures", "LegacyPasskeys");
    private readonly PortalFactory portal = new();
    private readonly Dictionary<string, SoftwareAuthenticator> authenticators = [];

    public LegacyPasskeyTests()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(portal.DataDirectory, "identity.db")}"))
        {
            connection.Open();
            using var restore = connection.CreateCommand();
            restore.CommandText = File.ReadAllText(Path.Combine(Fixtures, "identity.sql"));
            restore.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        using var credentials = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "credentials.json")));
        foreach (var saved in credentials.RootElement.EnumerateArray())
        {
            var discoverable = saved.GetProperty("discoverable").GetBoolean();
            var authenticator = new SoftwareAuthenticator(discoverable);
            authenticator.Import(new StoredCredential(
                Authenticator.Base64Url.Decode(saved.GetProperty("credential_id").GetString()!),
                CredentialKey.Import(CredentialKey.Es256, Convert.FromBase64String(saved.GetProperty("pkcs8").GetString()!)),
                "localhost",
                Authenticator.Base64Url.Decode(saved.GetProperty("user_handle").GetString()!),
                discoverable,
                saved.GetProperty("backup_eligible").GetBoolean(),
                saved.GetProperty("sign_count").GetUInt32()));
            authenticators[saved.GetProperty("email").GetString()!] = authenticator;
        }
    }

    [Fact]
    public async Task A_discoverable_passkey_saved_before_signs_in()
    {
        using var client = portal.NewClient();
        var (login, body) = await Journeys.LoginAsync(client, authenticators["alice@example.com"]);

        Assert.True(login.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("alice@example.com", body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_security_key_saved_before_signs_in_email_first()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var asked = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new()
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["identifier"] = "bob@example.com", ["passkey_login"] = "",
        });
        var withKeys = await Wire.AssertFlowAsync(asked);
        var assertion = authenticators["bob@example.com"].Get(PortalClient.NodeValue(withKeys, "passkey_challenge"), portal.Origin);

        var login = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(withKeys, assertion));
        var body = await Wire.ObjectAsync(login);
        Assert.True(login.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("bob@example.com", body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_start_up_copies_each_old_passkeys_aaguid_into_its_own_column()
    {
        using var client = portal.NewClient();
        await client.WhoAmIAsync();

        using var connection = new SqliteConnection($"Data Source={Path.Combine(portal.DataDirectory, "identity.db")};Mode=ReadOnly");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT aaguid, attestation_format FROM identity_passkeys";
        using var rows = query.ExecuteReader();
        var count = 0;
        while (rows.Read())
        {
            count++;
            Assert.Equal(Guid.Empty, Guid.Parse(rows.GetString(0)));
            Assert.Equal("none", rows.GetString(1));
        }
        Assert.Equal(2, count);

        // Events from before actors were recorded are the people's own (registrations, sign-ins).
        using var actors = connection.CreateCommand();
        actors.CommandText = "SELECT DISTINCT actor FROM audit_events WHERE identity_id IS NOT NULL";
        using var rowsOfActors = actors.ExecuteReader();
        var seen = new List<string>();
        while (rowsOfActors.Read()) seen.Add(rowsOfActors.GetString(0));
        Assert.Equal(["identity"], seen);
    }

    public void Dispose() => portal.Dispose();
}
