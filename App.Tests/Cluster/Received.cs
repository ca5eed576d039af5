using System.Text.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Cluster;

/// <summary>What maildev received, by recipient and Message-ID (the courier writes the outbox row's id into it).</summary>
public static class Received
{
    public static async Task<List<(string To, string MessageId)>> ForDomainAsync(Maildev mail, string domain)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(mail.ApiUrl + "/api/email"));
        return json.RootElement.EnumerateArray()
            .SelectMany(e => e.GetProperty("to").EnumerateArray()
                .Select(to => (To: to.GetProperty("address").GetString()!, MessageId: e.GetProperty("headers").GetProperty("message-id").GetString()!)))
            .Where(r => r.To.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The outbox id a Message-ID (<c>&lt;0f8c…@host&gt;</c>) was written from.</summary>
    public static Guid OutboxId(string messageId) => Guid.ParseExact(messageId.Trim('<', '>').Split('@')[0], "N");
}
