using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using App.Configuration;
using Microsoft.Extensions.Configuration;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Integration;

/// <summary>
/// <c>GET /sessions/whoami?tokenize_as=</c>, as Kratos has it: the session as a JSON Web Token signed by the
/// template's key, with Kratos's claims, its ttl and its subject source; an unknown template is a 400.
/// </summary>
public sealed class SessionTokenizerTests : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly PortalFactory portal;
    private readonly HttpClient admin = new();

    public SessionTokenizerTests()
    {
        var jwks = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeySet(key, withPrivate: true)));
        portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["session.whoami.tokenizer.templates.api.jwks_url"] = "base64://" + jwks,
            ["session.whoami.tokenizer.templates.api.ttl"] = "10m",
            ["session.whoami.tokenizer.templates.crm.jwks_url"] = "base64://" + jwks,
            ["session.whoami.tokenizer.templates.crm.subject_source"] = "external_id",
        });
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
        key.Dispose();
    }

    /// <summary>A JSON Web Key Set with one ES256 key, kid "k1".</summary>
    public static string KeySet(ECDsa ec, bool withPrivate)
    {
        var p = ec.ExportParameters(withPrivate);
        var jwk = new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["alg"] = "ES256", ["use"] = "sig", ["kid"] = "k1",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
        };
        if (withPrivate) jwk["d"] = Base64UrlEncoder.Encode(p.D);
        return new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
    }

    private async Task<(PortalClient Client, JsonObject Session)> SignedInAsync()
    {
        var client = portal.NewClient();
        var (registered, body) = await Journeys.RegisterAsync(client, new Authenticator.SoftwareAuthenticator(), $"jwt-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        return (client, body["session"]!.AsObject());
    }

    private async Task<TokenValidationResult> ValidateAsync(string token) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(key) { KeyId = "k1" },
            ValidIssuer = portal.Origin + "/",
            ValidateAudience = false,
        });

    [Fact]
    public async Task The_token_is_signed_by_the_templates_key_with_Kratos_claims_and_its_ttl()
    {
        var (client, session) = await SignedInAsync();
        var answer = await client.Http.GetAsync("/sessions/whoami?tokenize_as=api");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var whoami = await Wire.ObjectAsync(answer);
        Assert.Equal(session["id"]!.GetValue<string>(), whoami["id"]!.GetValue<string>());

        var token = whoami["tokenized"]!.GetValue<string>();
        var validated = await ValidateAsync(token);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var jwt = new JsonWebToken(token);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("k1", jwt.Kid);
        Assert.Equal(session["identity"]!["id"]!.GetValue<string>(), jwt.Subject);
        Assert.Equal(session["id"]!.GetValue<string>(), jwt.GetClaim("sid").Value);
        Assert.True(Guid.TryParse(jwt.Id, out _));
        Assert.Equal(600, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(jwt.GetPayloadValue<long>("iat"), jwt.GetPayloadValue<long>("nbf"));

        // Each answer is a new token, and the plain whoami has none.
        var again = (await Wire.ObjectAsync(await client.Http.GetAsync("/sessions/whoami?tokenize_as=api")))["tokenized"]!.GetValue<string>();
        Assert.NotEqual(new JsonWebToken(again).Id, jwt.Id);
        Assert.Null((await Wire.ObjectAsync(await client.Http.GetAsync("/sessions/whoami")))["tokenized"]);
    }

    [Fact]
    public async Task An_unknown_template_is_Kratos_400_and_no_session_is_a_401()
    {
        var (client, _) = await SignedInAsync();
        var answer = await client.Http.GetAsync("/sessions/whoami?tokenize_as=nope");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = (await Wire.ObjectAsync(answer))["error"]!;
        Assert.Equal(400, error["code"]!.GetValue<int>());
        Assert.Equal("Unable to find tokenizer template \"nope\".", error["reason"]!.GetValue<string>());

        using var stranger = portal.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync("/sessions/whoami?tokenize_as=api")).StatusCode);
    }

    [Fact]
    public async Task The_external_id_subject_needs_an_external_id()
    {
        var (client, session) = await SignedInAsync();
        var refused = await client.Http.GetAsync("/sessions/whoami?tokenize_as=crm");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not have an external ID", (await Wire.ObjectAsync(refused))["error"]!["reason"]!.GetValue<string>());

        var id = session["identity"]!["id"]!.GetValue<string>();
        var patch = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, portal.AdminUrl + "/admin/identities/" + id)
        {
            Content = new StringContent("""[{"op":"add","path":"/external_id","value":"crm-42"}]""", Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var token = (await Wire.ObjectAsync(await client.Http.GetAsync("/sessions/whoami?tokenize_as=crm")))["tokenized"]!.GetValue<string>();
        Assert.True((await ValidateAsync(token)).IsValid);
        Assert.Equal("crm-42", new JsonWebToken(token).Subject);
    }

    [Fact]
    public void A_key_set_that_cannot_sign_stops_the_portal_at_start_up()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = PortalSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["session:whoami:tokenizer:templates:public:jwks_url"] = "base64://" + Convert.ToBase64String(Encoding.UTF8.GetBytes(KeySet(other, withPrivate: false))),
            ["session:whoami:tokenizer:templates:empty:jwks_url"] = "base64://" + Convert.ToBase64String("""{"keys":[]}"""u8.ToArray()),
            ["session:whoami:tokenizer:templates:missing:jwks_url"] = "file:///nowhere/keys.json",
        }).Build());
        var error = Assert.Throws<InvalidConfigurationException>(() => new App.Sessions.SessionTokenizer(settings, TimeProvider.System, "/"));
        Assert.Equal(
            ["session.whoami.tokenizer.templates.empty.jwks_url", "session.whoami.tokenizer.templates.missing.jwks_url", "session.whoami.tokenizer.templates.public.jwks_url"],
            error.Errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("claims_mapper_url", "file://mapper.jsonnet", "claims_mapper_url")]
    [InlineData("jwks_url", "https://keys.example.com/jwks.json", "jwks_url")]
    [InlineData("subject_source", "email", "subject_source")]
    [InlineData("ttl", "forever", "ttl")]
    public void Settings_the_portal_cannot_honour_are_refused(string setting, string value, string key)
    {
        var options = new PortalOptions();
        var template = new TokenizerTemplate { JwksUrl = "file://keys.json" };
        typeof(TokenizerTemplate).GetProperties().Single(p => p.GetCustomAttributes(typeof(ConfigurationKeyNameAttribute), false)
            .Cast<ConfigurationKeyNameAttribute>().Single().Name == setting).SetValue(template, value);
        options.Session.WhoAmI.Tokenizer.Templates["api"] = template;
        Assert.Equal("session.whoami.tokenizer.templates.api." + key, Assert.Single(ConfigValidator.Validate(options)).Key);
    }
}
