using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// The brand: which theme dresses the pages, and the name, logo and help link they show. Changing
/// these never touches flow logic (docs/theming.md).
/// </summary>
public sealed class UiOptions
{
    /// <summary>A folder of <c>wwwroot/themes/</c>: its <c>tokens.css</c>, logo and any Razor parts it replaces. Default <c>default</c>.</summary>
    [ConfigurationKeyName("theme")] public string Theme { get; set; } = "default";
    /// <summary>The name in the header and the emails. Default: <c>selfservice.methods.passkey.config.rp.display_name</c>.</summary>
    [ConfigurationKeyName("brand_name")] public string? BrandName { get; set; }
    /// <summary>The logo's address (https://… or /path). Default: the theme's <c>logo.svg</c>.</summary>
    [ConfigurationKeyName("logo_url")] public string? LogoUrl { get; set; }
    /// <summary>Where people get help; shown in the footer when set.</summary>
    [ConfigurationKeyName("support_url")] public string? SupportUrl { get; set; }
}
