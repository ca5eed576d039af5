using System.Net;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// With the default policy (no attestation asked for), a statement an authenticator sends anyway is
/// verified in its format, and one that does not verify is refused and creates nothing.
/// </summary>
public sealed class AttestationTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TestAuthority vendor = TestAuthority.Create("Test Vendor Root");
    private static readonly Guid Model = Guid.Parse("5ca1ab1e-0000-4000-8000-00000000feed");

    public static TheoryData<string> Formats => ["packed-self", "packed-self-eddsa", "packed-x5c", "fido-u2f"];

    private SoftwareAuthenticator Make(string format, bool tampered = false) => format switch
    {
        "packed-self" => new(aaguid: Model, attestation: AttestationStatement.PackedSelf(tampered)),
        "packed-self-eddsa" => new(aaguid: Model, algorithm: CredentialKey.EdDsa, attestation: AttestationStatement.PackedSelf(tampered)),
        "packed-x5c" => new(aaguid: Model, attestation: AttestationStatement.Packed(vendor.IssueAttestation(Model), tampered: tampered)),
        // A U2F key has no AAGUID and cannot store a discoverable credential (WebAuthn §8.6).
        "fido-u2f" => new(discoverable: false, attestation: AttestationStatement.FidoU2f(vendor.IssueU2f(), tampered)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Fact]
    public async Task The_default_asks_for_no_attestation()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var options = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"))["credentialOptions"]!["publicKey"]!;

        Assert.Equal("none", options["attestation"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_statement_that_verifies_registers_and_its_format_is_kept(string format)
    {
        var email = $"{format}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, Make(format), email);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var passkey = await StoredPasskeyAsync(email);
        Assert.Equal(format == "fido-u2f" ? "fido-u2f" : "packed", passkey.AttestationFormat);
        Assert.Equal(format == "fido-u2f" ? Guid.Empty : Model, passkey.Aaguid);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_statement_with_a_bad_signature_is_refused_and_creates_nothing(string format)
    {
        var email = $"tampered-{format}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, Make(format, tampered: true), email);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Wire.AssertHasErrorMessage(body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        Assert.False(await IdentityExistsAsync(email));
    }

    public static TheoryData<string, string> BrokenStatements => new()
    {
        // An unknown format, and known formats whose statement lacks what the format requires.
        { "unknown format", Statement("acme-custom", w => w.WriteMapHeader(1).WriteText("sig").WriteBytes(new byte[70])) },
        { "packed without sig", Statement("packed", w => w.WriteMapHeader(1).WriteText("alg").WriteInt(-7)) },
        { "packed with a wrong alg", Statement("packed", w => w.WriteMapHeader(2).WriteText("alg").WriteInt(-257).WriteText("sig").WriteBytes(new byte[64])) },
        { "packed x5c of garbage", Statement("packed", w => w.WriteMapHeader(3).WriteText("alg").WriteInt(-7)
            .WriteText("sig").WriteBytes(new byte[70]).WriteText("x5c").WriteArrayHeader(1).WriteBytes([0x30, 0x03, 0x02, 0x01, 0x00])) },
        { "fido-u2f without x5c", Statement("fido-u2f", w => w.WriteMapHeader(1).WriteText("sig").WriteBytes(new byte[70])) },
        { "tpm of nothing", Statement("tpm", w => w.WriteMapHeader(0)) },
        { "android-key of nothing", Statement("android-key", w => w.WriteMapHeader(0)) },
        { "android-safetynet of nothing", Statement("android-safetynet", w => w.WriteMapHeader(0)) },
        { "apple of nothing", Statement("apple", w => w.WriteMapHeader(0)) },
        { "none with a statement", Statement("none", w => w.WriteMapHeader(1).WriteText("sig").WriteBytes(new byte[8])) },
    };

    [Theory]
    [MemberData(nameof(BrokenStatements))]
    public async Task A_malformed_or_unknown_statement_is_a_400_and_creates_nothing(string what, string statement)
    {
        var email = $"broken-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var good = new SoftwareAuthenticator(aaguid: Model, attestation: AttestationStatement.PackedSelf())
            .Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, email, Apply(statement, good)));

        var shown = await Wire.AssertFlowAsync(response);
        Wire.AssertHasErrorMessage(shown);
        Assert.False(await IdentityExistsAsync(email), what);
    }

    [Fact]
    public async Task A_credential_id_that_is_already_registered_is_refused_and_creates_nothing()
    {
        var first = new SoftwareAuthenticator();
        using (var client = portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, first, "first@example.com")).Response.StatusCode);

        using var copycat = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(copycat, new SoftwareAuthenticator(), "copycat@example.com",
            new CeremonyTweaks { CredentialId = first.Credentials.Single().Id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Wire.FlowMessages(body), m => m["text"]!.GetValue<string>() == "This passkey is already saved.");
        Assert.False(await IdentityExistsAsync("copycat@example.com"));
        // The first account still signs in with it.
        using var later = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(later, first)).Response.StatusCode);
    }

    [Fact]
    public async Task Direct_conveyance_is_asked_for_when_configured()
    {
        using var direct = new PortalFactory(new Dictionary<string, string?> { ["selfservice.methods.passkey.config.attestation.conveyance"] = "direct" });
        using var client = direct.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var options = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"))["credentialOptions"]!["publicKey"]!;

        Assert.Equal("direct", options["attestation"]!.GetValue<string>());
    }

    /// <summary>A statement in the given format, to replace a good credential's own (the authenticator data stays).</summary>
    private static string Statement(string format, Action<CborWriter> write)
    {
        var writer = new CborWriter();
        write(writer);
        return format + ":" + Convert.ToBase64String(writer.ToArray());
    }

    private static string Apply(string statement, string credentialJson)
    {
        var (format, cbor) = (statement[..statement.IndexOf(':')], Convert.FromBase64String(statement[(statement.IndexOf(':') + 1)..]));
        var credential = Wire.ParseObject(credentialJson);
        var response = credential["response"]!.AsObject();
        var attestation = (Unit.Authenticator.CborMap)Unit.Authenticator.CborReader.Decode(
            Authenticator.Base64Url.Decode(response["attestationObject"]!.GetValue<string>()))!;
        byte[] rebuilt = [.. new CborWriter().WriteMapHeader(3).WriteText("fmt").WriteText(format).WriteText("attStmt").ToArray(),
            .. cbor, .. new CborWriter().WriteText("authData").WriteBytes((byte[])attestation["authData"]!).ToArray()];
        response["attestationObject"] = Authenticator.Base64Url.Encode(rebuilt);
        return credential.ToJsonString();
    }

    private async Task<Credentials.Passkeys.Passkey> StoredPasskeyAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identity = await db.Identities.Include(i => i.Identifiers).Include(i => i.Passkeys).SingleAsync(i => i.Identifiers.Any(x => x.Value == email));
        return Assert.Single(identity.Passkeys);
    }

    private async Task<bool> IdentityExistsAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Identities.AnyAsync(i => i.Identifiers.Any(x => x.Value == email));
    }

    public void Dispose() => portal.Dispose();
}
