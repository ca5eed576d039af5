using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using App.Admin;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// An identity's credentials in the admin API: a summary that never carries a secret or a public key,
/// and Kratos's deleteIdentityCredentials, which refuses passkeys and codes as Kratos does.
/// </summary>
public sealed class AdminCredentialsTests : IDisposable
{
    private readonly OneTimePasswords totp = new();
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public AdminCredentialsTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(services: s => s.AddScoped<ICredentialType>(_ => totp));
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    [Fact]
    public async Task The_identity_shows_its_credential_types_and_their_config_only_when_asked()
    {
        using var person = await admin.SignUpAsync("creds");
        var plain = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{person.Id}"));
        var credentials = plain["credentials"]!.AsObject();
        Assert.Equal(["code", "passkey"], credentials.Select(c => c.Key).Order());
        Assert.All(credentials, c => Assert.False(c.Value!.AsObject().ContainsKey("config")));
        Assert.Equal(person.Email, Assert.Single(credentials["code"]!["identifiers"]!.AsArray())!.GetValue<string>());

        var detailed = await admin.GetAsync($"/admin/identities/{person.Id}?include_credential=passkey&include_credential=code");
        var json = await detailed.Content.ReadAsStringAsync();
        var passkeys = JsonNode.Parse(json)!["credentials"]!["passkey"]!["config"]!["credentials"]!.AsArray();
        var passkey = Assert.Single(passkeys)!.AsObject();
        Assert.Equal(["added_at", "attestation_type", "authenticator", "display_name", "flags", "id", "is_passwordless", "public_key", "transport"], passkey.Select(p => p.Key).Order());
        Assert.Equal(person.Email, JsonNode.Parse(json)!["credentials"]!["code"]!["config"]!["addresses"]![0]!["address"]!.GetValue<string>());

        // Nothing an attacker could use or a verifier stores: no public key, no attestation, no client data.
        using var scope = portal.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Passkeys.SingleAsync(p => p.IdentityId == Guid.Parse(person.Id));
        Assert.Equal(Convert.ToBase64String(stored.CredentialId), passkey["id"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(stored.PublicKey), passkey["public_key"]!.GetValue<string>());
        // As Kratos publishes the stored config of an included type: the public key (no secret) is in it, the ceremony's records are not.
        foreach (var secret in new[] { stored.AttestationObject, stored.ClientDataJson }.Where(b => b.Length > 0))
        {
            Assert.DoesNotContain(Convert.ToBase64String(secret), json);
            Assert.DoesNotContain(Ceremonies.Base64Url.Encode(secret), json);
            Assert.DoesNotContain(Convert.ToHexString(secret), json, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("hash", json);

        await Wire.AssertErrorAsync(await admin.GetAsync($"/admin/identities/{person.Id}?include_credential=secrets"), HttpStatusCode.BadRequest, null);
    }

    [Theory]
    [InlineData("passkey", HttpStatusCode.BadRequest)]
    [InlineData("code", HttpStatusCode.BadRequest)]
    [InlineData("webauthn", HttpStatusCode.NotFound)]
    [InlineData("password", HttpStatusCode.NotFound)]
    [InlineData("totp", HttpStatusCode.NotFound)]
    [InlineData("anything", HttpStatusCode.NotFound)]
    public async Task Credentials_kratos_keeps_or_the_identity_lacks_are_refused_and_kept(string type, HttpStatusCode status)
    {
        using var person = await admin.SignUpAsync("keep");
        var response = await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.Id}/credentials/{type}");
        var error = await Wire.AssertErrorAsync(response, status, null);
        Assert.Contains(type, error["error"]!["reason"]!.GetValue<string>());

        // The passkey still signs in, and nothing was recorded as removed.
        var (again, _) = await admin.SignInAgainAsync(person);
        again.Dispose();
        Assert.Empty(await admin.AuditAsync("admin.identity_credentials_deleted"));
    }

    [Fact]
    public async Task A_removable_credential_goes_and_its_removal_is_audited_with_the_actor()
    {
        using var person = await admin.SignUpAsync("remove");
        totp.Holders[Guid.Parse(person.Id)] = true;
        Assert.True((await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{person.Id}")))["credentials"]!.AsObject().ContainsKey("totp"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.Id}/credentials/totp")).StatusCode);
        var after = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{person.Id}"));
        Assert.False(after["credentials"]!.AsObject().ContainsKey("totp"));
        Assert.True(after["credentials"]!.AsObject().ContainsKey("passkey"));
        var audit = Assert.Single(await admin.AuditAsync("admin.identity_credentials_deleted"));
        Assert.Equal(("admin:local", Guid.Parse(person.Id)), (audit.Actor, audit.IdentityId!.Value));
        Assert.Equal("totp", JsonNode.Parse(audit.Details!)!["type"]!.GetValue<string>());

        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.Id}/credentials/totp"), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{Guid.NewGuid()}/credentials/totp"), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Delete, "/admin/identities/nope/credentials/totp"), HttpStatusCode.NotFound, null);
    }

    /// <summary>
    /// A credential kind an administrator may remove, as Kratos lets one remove TOTP. The portal offers
    /// no such kind yet, so this one stands in to show the removal's whole path through the API.
    /// </summary>
    private sealed class OneTimePasswords : ICredentialType
    {
        public ConcurrentDictionary<Guid, bool> Holders { get; } = new();

        public string Type => "totp";

        public Task<IReadOnlyDictionary<Guid, CredentialsJson>> SummariesAsync(IReadOnlyCollection<Identity> identities, bool withConfig, CancellationToken cancel) =>
            Task.FromResult<IReadOnlyDictionary<Guid, CredentialsJson>>(identities.Where(i => Holders.ContainsKey(i.Id)).DistinctBy(i => i.Id).ToDictionary(i => i.Id,
                i => new CredentialsJson { Type = Type, Identifiers = [i.Id.ToString()], Version = 1, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }));

        public Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel)
        {
            Holders.TryRemove(identity.Id, out _);
            return Task.FromResult<ErrorEnvelope?>(null);
        }
    }
}
