using System.Text;
using System.Text.Json.Nodes;

namespace App.Ceremonies;

/// <summary>
/// The ceremonies a flow has open at once. A settings flow of an account with a password offers
/// "Add passkey" and "Add security key" side by side, each with its own challenge; keeping only the
/// last one begun would make the other fail. The credential names its challenge in its client
/// data, which picks the options it answers. They are still consumed together, once.
/// </summary>
public static class PendingCeremonies
{
    /// <summary>As many as one populate of a flow begins: the passkey's and the security key's.</summary>
    private const int Kept = 2;

    /// <summary>The state with <paramref name="optionsJson"/> added, when the earlier state is still open.</summary>
    public static string Add(string? openState, string optionsJson)
    {
        var pending = openState is null ? [] : All(openState);
        pending.Add(optionsJson);
        return new JsonArray(pending.TakeLast(Kept).Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()).ToJsonString();
    }

    /// <summary>The options whose challenge the credential answers, else the last begun (which then fails verification).</summary>
    public static string? Pick(string state, string credentialJson)
    {
        var pending = All(state);
        var challenge = ChallengeOf(credentialJson);
        return pending.FirstOrDefault(o => challenge is not null && ChallengeIn(o) == challenge) ?? pending.LastOrDefault();
    }

    private static List<string> All(string state)
    {
        try
        {
            return JsonNode.Parse(state) is JsonArray array
                ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
                : [state];
        }
        catch (System.Text.Json.JsonException) { return []; }
    }

    private static string? ChallengeIn(string optionsJson)
    {
        try { return (JsonNode.Parse(optionsJson)?["challenge"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static string? ChallengeOf(string credentialJson)
    {
        try
        {
            if ((JsonNode.Parse(credentialJson)?["response"]?["clientDataJSON"] as JsonValue)?.TryGetValue<string>(out var encoded) != true) return null;
            var padded = encoded!.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var clientData = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            return (clientData?["challenge"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException) { return null; }
    }
}
