using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace App.Localization;

/// <summary>
/// The languages the pages and emails speak, and how a request picks one: the visible switcher's
/// choice (a cookie), else the browser's Accept-Language, else English.
/// </summary>
public static class Languages
{
    public const string Default = "en";
    public const string CookieName = "portal_lang";

    /// <summary>Each language with its own name for itself, as the switcher shows it.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("pt-BR", "Português (Brasil)"),
    ];

    /// <summary>The supported language closest to <paramref name="code"/> (pt → pt-BR, de-AT → de), or null.</summary>
    public static string? Match(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var exact = All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)).Code;
        if (exact is not null) return exact;
        var primary = code.Split('-')[0];
        return All.FirstOrDefault(l => string.Equals(l.Code.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase)).Code;
    }

    public static CultureInfo Culture(string? code) => CultureInfo.GetCultureInfo(Match(code) ?? Default);

    /// <summary>The language of this request's pages (and of emails to addresses without an account).</summary>
    public static string Current => Match(CultureInfo.CurrentUICulture.Name) ?? Default;

    public static RequestLocalizationOptions Options()
    {
        var cultures = All.Select(l => CultureInfo.GetCultureInfo(l.Code)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // "pt" and "de-AT" from a browser still find pt-BR and de.
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CookieName },
            new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(
                PrimaryMatch(http.Request.Headers.AcceptLanguage.ToString()) is { } code ? new ProviderCultureResult(code) : null)),
        ];
        return options;
    }

    /// <summary>Accept-Language "pt" or "pt-PT" has no exact match; the first language whose primary tag matches is used.</summary>
    private static string? PrimaryMatch(string header) =>
        header.Split(',').Select(part => part.Split(';')[0].Trim()).Select(Match).FirstOrDefault(m => m is not null);
}
