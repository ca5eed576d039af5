using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using App.SelfService.Ui;

namespace App.Localization;

/// <summary>
/// Every text the pages and emails show, per language, from <c>Localization/Texts/&lt;lang&gt;.json</c>.
/// Keys name a place (<c>login.title</c>) or a Kratos message id (<c>msg.1010003</c>); Kratos's
/// generic message 4000001 carries free text, so its translations are keyed by the English text
/// (<c>=That took too long…</c>). A missing translation falls back to English, then to the key:
/// a page never shows nothing.
/// </summary>
public sealed partial class Texts
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> byLanguage = Load();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> scriptJson = new();

    /// <summary>The text for <paramref name="key"/> in this request's language, with <c>{name}</c> filled in.</summary>
    public string this[string key, params (string Name, object? Value)[] values] => Get(Languages.Current, key, values);

    public string Get(string language, string key, params (string Name, object? Value)[] values) =>
        Fill(Find(language, key) ?? key, values.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>A Kratos message as the pages show it: translated by id, or by its English text when generic.</summary>
    public string Message(UiText message, string? language = null)
    {
        language ??= Languages.Current;
        // 4000001 carries free text and 1070002 a schema field's title: both are keyed by their words.
        var key = message.Id is 4000001 or 1070002 ? "=" + message.Text : "msg." + message.Id;
        var values = new Dictionary<string, object?>(message.Context ?? []);
        // A wait of minutes reads better in minutes.
        if (values.TryGetValue("retry_after_seconds", out var wait) && Convert.ToInt32(wait is JsonElement e ? e.GetInt32() : wait, CultureInfo.InvariantCulture) is >= 90 and var seconds
            && Find(language, key + ".minutes") is not null)
        {
            key += ".minutes";
            values["retry_after_minutes"] = (seconds + 59) / 60;
        }
        return Find(language, key) is { } text ? Fill(text, values) : message.Text;
    }

    /// <summary>
    /// The <c>js.*</c> texts of a language as one JSON object (keys without the prefix), for
    /// js/passkeys.js to read from the page. Made once per language: every page carries it.
    /// </summary>
    public string ScriptJson(string language) => scriptJson.GetOrAdd(language, l => JsonSerializer.Serialize(
        Keys(Languages.Default).Where(k => k.StartsWith("js.", StringComparison.Ordinal)).ToDictionary(k => k[3..], k => Get(l, k))));

    public bool Has(string language, string key) => byLanguage.TryGetValue(language, out var texts) && texts.ContainsKey(key);

    public IEnumerable<string> Keys(string language) => byLanguage.TryGetValue(language, out var texts) ? texts.Keys : [];

    private string? Find(string language, string key) =>
        byLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text) ? text
        : byLanguage.TryGetValue(Languages.Default, out var english) && english.TryGetValue(key, out var fallback) ? fallback
        : null;

    private static string Fill(string text, IReadOnlyDictionary<string, object?> values) =>
        values.Count == 0 ? text : Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? Convert.ToString(v is JsonElement e ? e.ToString() : v, CultureInfo.CurrentCulture) ?? ""
            : m.Value);

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Load()
    {
        var assembly = typeof(Texts).Assembly;
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, _) in Languages.All)
        {
            using var stream = assembly.GetManifestResourceStream($"App.Localization.Texts.{code}.json")
                ?? throw new InvalidOperationException($"The texts for {code} are missing from the build.");
            result[code] = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        }
        return result;
    }

    [GeneratedRegex(@"\{([A-Za-z_]+)\}")]
    private static partial Regex Placeholder();
}
