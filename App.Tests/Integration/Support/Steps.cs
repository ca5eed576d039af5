using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>Submission bodies and short journeys the integration tests share.</summary>
public static class Steps
{
    public static JsonObject LoginBody(JsonObject flow, string assertion) => new()
    {
        ["method"] = "passkey",
        ["csrf_token"] = PortalClient.Csrf(flow),
        ["passkey_login"] = assertion,
    };

    public static JsonObject RegistrationBody(JsonObject flow, string email, string credential) => new()
    {
        ["method"] = "passkey",
        ["csrf_token"] = PortalClient.Csrf(flow),
        ["traits"] = new JsonObject { ["email"] = email },
        ["passkey_register"] = credential,
    };

    /// <summary>Registers through the SPA API and asserts it worked.</summary>
    public static async Task RegisterAsync(PortalFactory portal, SoftwareAuthenticator authenticator, string email)
    {
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, authenticator, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Registration of {email} failed: {(int)response.StatusCode} {body.ToJsonString()}");
    }

    /// <summary>Signs in through a native-app (API) flow and returns the success body.</summary>
    public static async Task<JsonObject> ApiLoginAsync(PortalClient client, SoftwareAuthenticator authenticator)
    {
        var flow = await client.CreateApiFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), client.Factory.Origin);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["passkey_login"] = assertion,
        });
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"API login failed: {(int)response.StatusCode} {body.ToJsonString()}");
        return body;
    }

    /// <summary>What an administrator sets on a high-value account: after an email sign-in, save a passkey first.</summary>
    public static async Task FlagForPasskeyAfterEmailAsync(PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var id = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        await db.Identities.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.MetadataAdmin, """{"require_passkey_after_email_sign_in":true}"""));
    }

    /// <summary>The Set-Cookie header of a response for one cookie name, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    /// <summary>The value part of a Set-Cookie header.</summary>
    public static string CookieValue(string setCookie) => setCookie[(setCookie.IndexOf('=') + 1)..].Split(';')[0];
}
