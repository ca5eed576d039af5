using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>A person signed up with a passkey, in the browser client that holds their session.</summary>
public sealed record SignedUp(PortalClient Client, SoftwareAuthenticator Phone, string Email, string Id, string SessionId) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>Calls of the admin API and the people they act on, for the admin tests.</summary>
public sealed class AdminSteps(PortalFactory portal) : IDisposable
{
    public HttpClient Http { get; } = new();

    public void Dispose() => Http.Dispose();

    public async Task<SignedUp> SignUpAsync(string name)
    {
        var client = portal.NewClient();
        var phone = new SoftwareAuthenticator();
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var (response, body) = await Journeys.RegisterAsync(client, phone, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return new SignedUp(client, phone, email, body["identity"]!["id"]!.GetValue<string>(), body["session"]!["id"]!.GetValue<string>());
    }

    /// <summary>Signs the same person in again in a new browser: a second session.</summary>
    public async Task<(PortalClient Client, string SessionId)> SignInAgainAsync(SignedUp person)
    {
        var client = portal.NewClient();
        var (response, body) = await Journeys.LoginAsync(client, person.Phone);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (client, body["session"]!["id"]!.GetValue<string>());
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(portal.AdminUrl + path);

    public async Task<JsonArray> ListAsync(string path)
    {
        var response = await GetAsync(path);
        var body = await Wire.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!.AsArray();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, portal.AdminUrl + path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchAsync(string id, string patch) => SendAsync(HttpMethod.Patch, $"/admin/identities/{id}", patch);

    /// <summary>The next page's path from a <c>Link</c> header, or null on the last page.</summary>
    public static string? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        var link = values.Single();
        Assert.Contains("rel=\"next\"", link);
        return link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
    }

    /// <summary>Every page of a list, following <c>Link</c>, with how many pages it took.</summary>
    public async Task<(List<JsonObject> Items, int Pages)> AllPagesAsync(string path)
    {
        var items = new List<JsonObject>();
        var pages = 0;
        for (string? next = path; next is not null; pages++)
        {
            var response = await GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            items.AddRange((await Wire.BodyAsync(response))!.AsArray().Select(i => i!.AsObject()));
            next = Next(response);
            Assert.True(pages < 100, "The pages never end.");
        }
        return (items, pages);
    }

    /// <summary>The audit rows of one type, oldest first, read from the database itself.</summary>
    public async Task<List<App.Audit.AuditEvent>> AuditAsync(string type)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.Where(e => e.Type == type).OrderBy(e => e.At).ToListAsync();
    }
}
