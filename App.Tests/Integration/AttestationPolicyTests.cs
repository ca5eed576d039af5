using System.Net;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// An organisation's policy: direct attestation, a metadata BLOB signed by its own root, and a list
/// of approved AAGUIDs. Only an approved model that proves it with a certificate from the model's
/// root registers; every refusal says why, in the flow JSON and on the page.
/// </summary>
public sealed class AttestationPolicyTests : IDisposable
{
    private static readonly Guid Approved = Guid.Parse("a0a0a0a0-1111-4111-8111-000000000001");
    private static readonly Guid Listed = Guid.Parse("b0b0b0b0-2222-4222-8222-000000000002");
    private static readonly Guid Revoked = Guid.Parse("c0c0c0c0-3333-4333-8333-000000000003");
    private const string NotApproved = "This kind of passkey or security key is not approved here. Use one your organisation approved.";
    private const string Unsafe = "This security key has been reported as unsafe and cannot be used. Use another one.";

    private readonly string folder = Directory.CreateTempSubdirectory("policy-").FullName;
    private readonly TestAuthority mdsRoot = TestAuthority.Create("Test MDS Root");
    private readonly TestAuthority vendor = TestAuthority.Create("Approved Vendor Root");
    private readonly TestAuthority stranger = TestAuthority.Create("Unknown Vendor Root");

    private PortalFactory Portal(bool withAllowList)
    {
        var blob = Path.Combine(folder, "mds.jwt");
        File.WriteAllText(blob, MetadataBlobs.Sign(mdsRoot.IssueSigner(),
            MetadataBlobs.Entry(Approved, "Acme Approved Key", vendor),
            MetadataBlobs.Entry(Listed, "Acme Other Key", vendor),
            MetadataBlobs.Entry(Revoked, "Acme Recalled Key", vendor, status: "REVOKED")));
        var root = Path.Combine(folder, "mds-root.pem");
        File.WriteAllText(root, mdsRoot.RootPem);
        var settings = new Dictionary<string, string?>
        {
            ["selfservice.methods.passkey.config.attestation.conveyance"] = "direct",
            ["selfservice.methods.passkey.config.attestation.metadata_path"] = blob,
            ["selfservice.methods.passkey.config.attestation.metadata_root_path"] = root,
        };
        if (withAllowList)
        {
            settings["selfservice.methods.passkey.config.attestation.allowed_aaguids.0"] = Approved.ToString();
            settings["selfservice.methods.passkey.config.attestation.allowed_aaguids.1"] = Revoked.ToString();
        }
        return new PortalFactory(settings);
    }

    private SoftwareAuthenticator Key(Guid aaguid, TestAuthority? issuer = null) =>
        new(discoverable: false, aaguid: aaguid, attestation: AttestationStatement.Packed((issuer ?? vendor).IssueAttestation(aaguid)));

    [Fact]
    public async Task An_approved_model_with_its_vendors_certificate_registers_and_is_named_from_the_metadata()
    {
        using var portal = Portal(withAllowList: true);
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, Key(Approved), "approved@example.com");

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        using var scope = portal.Services.CreateScope();
        var passkey = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Passkeys.SingleAsync();
        Assert.Equal("Acme Approved Key", passkey.DisplayName);
        Assert.Equal(Approved, passkey.Aaguid);
    }

    public static TheoryData<string> Refusals => ["model not on the list", "approved model, self attested", "approved model, certificate from another root", "approved model, no attestation"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Anything_else_is_refused_with_the_reason(string what)
    {
        using var portal = Portal(withAllowList: true);
        var authenticator = what switch
        {
            "model not on the list" => Key(Listed),
            "approved model, self attested" => new SoftwareAuthenticator(aaguid: Approved, attestation: AttestationStatement.PackedSelf()),
            "approved model, certificate from another root" => Key(Approved, stranger),
            _ => new SoftwareAuthenticator(aaguid: Approved),
        };
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, authenticator, "refused@example.com");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Wire.FlowMessages(body), m => m["text"]!.GetValue<string>() == NotApproved && m["type"]!.GetValue<string>() == "error");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        using var scope = portal.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Identities.AnyAsync(), what);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_revoked_model_is_refused_even_when_approved(bool withAllowList)
    {
        using var portal = Portal(withAllowList);
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, Key(Revoked), "recalled@example.com");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Wire.FlowMessages(body), m => m["text"]!.GetValue<string>() == Unsafe);
    }

    [Fact]
    public async Task Without_an_allow_list_metadata_refuses_only_what_it_condemns()
    {
        using var portal = Portal(withAllowList: false);
        using var client = portal.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), "synced@example.com")).Response.StatusCode);
        using var other = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(other, Key(Listed), "listed@example.com")).Response.StatusCode);
        // A listed model's certificate must still chain to the model's own root.
        using var forged = portal.NewClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await Journeys.RegisterAsync(forged, Key(Listed, stranger), "forged@example.com")).Response.StatusCode);
    }

    [Fact]
    public async Task The_page_says_why_in_the_visitors_language()
    {
        using var portal = Portal(withAllowList: true);
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = Key(Listed).Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);
        var posted = await client.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["traits.email"] = "page@example.com", ["passkey_register"] = credential,
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);

        var english = await client.Http.GetStringAsync(posted.Headers.Location);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(NotApproved), english);
        using var german = new HttpRequestMessage(HttpMethod.Get, posted.Headers.Location);
        german.Headers.AcceptLanguage.ParseAdd("de");
        var page = await (await client.Http.SendAsync(german)).Content.ReadAsStringAsync();
        Assert.Contains("nicht zugelassen", page);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
