using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Courier;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>Steps of the email sign-in over HTTP, and a look into the outbox where the emails wait.</summary>
public static partial class EmailSteps
{
    /// <summary>"Send link": posts method=code with the address, as the disclosure's form does (JSON).</summary>
    public static Task<HttpResponseMessage> SendAsync(PortalClient client, JsonObject flow, string email) =>
        client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = email,
        });

    public static Task<HttpResponseMessage> SubmitCodeAsync(PortalClient client, JsonObject flow, string code) =>
        client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = PortalClient.NodeValue(flow, "identifier"),
            ["code"] = code,
        });

    public static Task<HttpResponseMessage> ResendAsync(PortalClient client, JsonObject flow) =>
        client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = PortalClient.NodeValue(flow, "identifier"),
            ["resend"] = "code",
        });

    /// <summary>Every outbox message to <paramref name="recipient"/>, oldest first.</summary>
    public static async Task<List<CourierMessage>> OutboxAsync(PortalFactory portal, string recipient)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.CourierMessages.AsNoTracking().Include(m => m.Dispatches)
            .Where(m => m.Recipient == recipient).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
    }

    public static async Task<CourierMessage> LatestEmailAsync(PortalFactory portal, string recipient) =>
        (await OutboxAsync(portal, recipient)).Last();

    /// <summary>Registers a new account from a browser speaking <paramref name="language"/>, then asks for its sign-in email; returns the address.</summary>
    public static async Task<string> RegisterAndRequestCodeAsync(PortalFactory portal, string language = "en")
    {
        var email = $"mail-{Guid.NewGuid():N}@example.com";
        using (var registering = portal.NewClient())
        {
            registering.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(registering, new SoftwareAuthenticator(), email)).Response.StatusCode);
        }
        using var client = portal.NewClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var flow = await client.CreateBrowserFlowAsync("login");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, flow, email)).StatusCode);
        return email;
    }

    /// <summary>Waits until the courier has taken the latest message to <paramref name="recipient"/> where <paramref name="done"/> says.</summary>
    public static async Task<CourierMessage> WaitForEmailAsync(PortalFactory portal, string recipient, Func<CourierMessage, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var message = await LatestEmailAsync(portal, recipient);
            if (done(message)) return message;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The message stayed {message.Status} after {message.SendCount} attempts.");
            await Task.Delay(50);
        }
    }

    public static string CodeIn(CourierMessage message) => SixDigits().Match(message.Subject).Value;

    public static string LinkTokenIn(CourierMessage message) =>
        Uri.UnescapeDataString(LinkToken().Match(message.Body).Groups[1].Value);

    [GeneratedRegex(@"\b\d{6}\b")] private static partial Regex SixDigits();
    [GeneratedRegex(@"[?&]link=([A-Za-z0-9_\-%]+)")] private static partial Regex LinkToken();
}
