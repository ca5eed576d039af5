using System.Net;
using System.Text.RegularExpressions;
using App.Configuration;

namespace App.Courier;

/// <summary>A rendered email: what goes into the outbox.</summary>
public sealed record RenderedEmail(string TemplateType, string Subject, string Text, string Html);

/// <summary>
/// The email templates, laid out as Kratos lays them out (<c>&lt;template&gt;/&lt;valid|invalid&gt;/email.subject.gotmpl</c>,
/// <c>email.body.gotmpl</c>, <c>email.body.plaintext.gotmpl</c>), so an existing Kratos override
/// folder mostly carries over. Only <c>{{ .Name }}</c> placeholders are understood: templates are
/// text with holes, not programs. Values are HTML-escaped in the HTML body.
/// The built-in templates hold no words: their sentences (<c>{{ .Heading }}</c>, <c>{{ .Intro }}</c>…)
/// come from the texts of the recipient's language, keyed <c>email.&lt;template&gt;.&lt;variant&gt;.*</c>.
/// </summary>
public sealed partial class CourierTemplates(PortalSettings settings, Localization.Texts texts)
{
    private const string ResourcePrefix = "App.Courier.Templates.";

    /// <param name="template">Such as <c>login_code</c>.</param>
    /// <param name="variant"><c>valid</c> or <c>invalid</c> (sent to an address without an account).</param>
    /// <param name="language">The recipient's language (see <see cref="Localization.Languages"/>).</param>
    public RenderedEmail Render(string template, string variant, IReadOnlyDictionary<string, string> values, string language)
    {
        var folder = $"{template}/{variant}/";
        var data = WithTexts(template, variant, values, language);
        var subject = Fill(Load(folder + "email.subject.gotmpl"), data, html: false).Trim();
        // A subject is one line: a value with a line break must not start a header of its own.
        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return new RenderedEmail(
            $"{template}_{variant}",
            subject,
            Fill(Load(folder + "email.body.plaintext.gotmpl"), data, html: false),
            Fill(Load(folder + "email.body.gotmpl"), data, html: true));
    }

    private Dictionary<string, string> WithTexts(string template, string variant, IReadOnlyDictionary<string, string> values, string language)
    {
        var data = new Dictionary<string, string>(values) { ["Lang"] = language };
        var prefix = $"email.{template}.{variant}.";
        var fill = values.Select(v => (v.Key, (object?)v.Value)).ToArray();
        foreach (var key in texts.Keys(Localization.Languages.Default).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
            data[PascalCase(key[prefix.Length..])] = texts.Get(language, key, fill);
        return data;
    }

    /// <summary><c>code_intro</c> → <c>CodeIntro</c>, the way Kratos names template values.</summary>
    private static string PascalCase(string name) =>
        string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private string Load(string relativePath)
    {
        if (settings.Options.Courier.TemplateOverridePath is { Length: > 0 } root)
        {
            var file = Path.Combine(root, relativePath);
            if (File.Exists(file)) return File.ReadAllText(file);
        }
        var assembly = typeof(CourierTemplates).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + relativePath)
            ?? assembly.GetManifestResourceStream(ResourcePrefix + relativePath.Replace('/', '\\'))
            ?? throw new InvalidOperationException($"The built-in template {relativePath} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> data, bool html) =>
        Placeholder().Replace(template, match =>
        {
            // An unknown name renders as nothing, as Go templates do with a missing map key.
            var value = data.TryGetValue(match.Groups[1].Value, out var v) ? v : "";
            return html ? WebUtility.HtmlEncode(value) : value;
        });

    [GeneratedRegex(@"\{\{-?\s*\.([A-Za-z][A-Za-z0-9_]*)\s*-?\}\}")]
    private static partial Regex Placeholder();
}
