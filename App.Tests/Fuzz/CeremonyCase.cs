using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Fuzz;

/// <summary>
/// A case that starts a ceremony on a flow of its own, has the software authenticator answer it genuinely,
/// damages the answer as the case says, and submits it. A sign-in may only succeed if the damage left the
/// signed parts alone.
/// </summary>
public sealed class CeremonyCase(FuzzWorld world, CaseRunner runner, FuzzCase c)
{
    public async Task RunAsync()
    {
        var api = c.Api && c.Ceremony is Ceremony.PasskeyLogin or Ceremony.PasskeyRegistration;
        var (kind, browser, token) = c.Ceremony switch
        {
            Ceremony.PasskeyLogin => ("login", (PortalClient?)null, (string?)null),
            Ceremony.PasskeyRegistration => ("registration", null, null),
            Ceremony.PasskeySettings => ("settings", world.PasskeyBrowser, null),
            Ceremony.WebAuthnSettings => ("settings", world.PasswordBrowser, null),
            _ => ("login", world.PasswordBrowser, null),
        };
        using var fresh = browser is null ? world.Portal.NewClient() : null;
        var client = browser ?? fresh!;
        var query = c.Ceremony == Ceremony.WebAuthnSecondFactor ? "?aal=aal2" : "";
        var create = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/{(api ? "api" : "browser")}{query}");
        create.Headers.Accept.ParseAdd("application/json");
        if (token is not null) create.Headers.Add("X-Session-Token", token);
        var created = await client.Http.SendAsync(create);
        // An aal2 step once the session has reached aal2 is refused: nothing to fuzz then.
        if (created.StatusCode != HttpStatusCode.OK) return;
        var flow = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();

        var (field, genuine) = Answer(flow);
        if (genuine is null) return;
        var damaged = genuine;
        foreach (var mutation in c.Damage) damaged = mutation.Apply(damaged);
        // Only an assertion is signed; "none" attestation leaves a registration's parts unsigned, so damage may still register.
        var breaks = c.Ceremony is Ceremony.PasskeyLogin or Ceremony.WebAuthnSecondFactor
            && c.Damage.Any(m => m.BreaksAssertion(genuine, damaged)) && damaged != genuine;

        var values = runner.Values(null);
        var body = new JsonObject { ["method"] = c.Ceremony is Ceremony.WebAuthnSettings or Ceremony.WebAuthnSecondFactor ? "webauthn" : "passkey", [field] = damaged };
        if (!api) body["csrf_token"] = PortalClient.Csrf(flow);
        if (c.Ceremony == Ceremony.PasskeyRegistration) body["traits"] = new JsonObject { ["email"] = values["$new"] };
        if (c.Ceremony == Ceremony.WebAuthnSettings) body["webauthn_register_displayname"] = "Fuzzed key";
        var submit = new HttpRequestMessage(HttpMethod.Post, $"{world.Portal.BaseUrl}/self-service/{kind}?flow={PortalClient.Id(flow)}")
        {
            // Only the credential is damaged here; the rest of the body stays as a browser sends it, unless the case edits it too.
            Content = runner.Body(c with { Encoding = c.Encoding is BodyEncoding.Json or BodyEncoding.Form ? c.Encoding : BodyEncoding.Json, ContentType = null }, body),
        };
        var cookies = world.CookiesOf(client);
        var (status, answer, _) = await runner.SendAsync(c with { Headers = c.Headers.Where(h => h.Name is not "Cookie" and not "X-Session-Token").ToArray() },
            submit, null, false, cookies, genuine: !breaks);
        if (breaks && status == HttpStatusCode.OK)
            throw new FuzzFinding($"{kind}: a damaged assertion was accepted: {CaseRunner.Trim(answer?.ToJsonString() ?? "")}");
    }

    /// <summary>The member the flow expects and the genuine credential JSON for its options.</summary>
    private (string Field, string? Credential) Answer(JsonObject flow)
    {
        var origin = world.Portal.Origin;
        switch (c.Ceremony)
        {
            case Ceremony.PasskeyLogin:
                return ("passkey_login", world.Passkey.Get(PortalClient.NodeValue(flow, "passkey_challenge"), origin));
            case Ceremony.PasskeyRegistration:
                return ("passkey_register", new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), origin));
            case Ceremony.PasskeySettings:
                return ("passkey_settings_register", new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), origin));
            case Ceremony.WebAuthnSettings:
                return ("webauthn_register", Trigger(flow, "webauthn_register_trigger") is { } create ? new SoftwareAuthenticator(discoverable: false, userVerification: false).Create(create, origin) : null);
            default:
                return ("webauthn_login", Trigger(flow, "webauthn_login_trigger") is { } get ? world.SecurityKey.Get(get, origin) : null);
        }
    }

    private static string? Trigger(JsonObject flow, string name) => PortalClient.Node(flow, name)?["attributes"]?["value"]?.GetValue<string>();
}
