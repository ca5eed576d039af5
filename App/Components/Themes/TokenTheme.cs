using App.Configuration;
using MudBlazor;
using MudBlazor.Utilities;

namespace App.Components.Themes;

/// <summary>
/// The MudBlazor theme of the configured portal theme, built from its <c>tokens.css</c>: the light
/// palette from the first value of each <c>light-dark()</c>, the dark palette from the second, the
/// corners from <c>--radius-control</c> and the type from <c>--font</c> and <c>--font-heading</c>.
/// A designer changes the tokens only; MudBlazor's components follow (docs/theming.md).
/// </summary>
public sealed class TokenTheme(ThemeTokens tokens)
{
    /// <summary>The configured theme's tokens, read once.</summary>
    public static TokenTheme For(PortalSettings settings, IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo($"themes/{settings.Theme}/tokens.css");
        using var reader = new StreamReader(file.CreateReadStream());
        return new TokenTheme(ThemeTokens.Parse(reader.ReadToEnd()));
    }

    public ThemeTokens Tokens { get; } = tokens;
    public MudTheme Theme { get; } = Build(tokens);

    public static MudTheme Build(ThemeTokens tokens)
    {
        var theme = new MudTheme { PaletteLight = new PaletteLight(), PaletteDark = new PaletteDark() };
        Fill(theme.PaletteLight, tokens, dark: false);
        Fill(theme.PaletteDark, tokens, dark: true);
        if (tokens.Light("--radius-control") is { } radius) theme.LayoutProperties.DefaultBorderRadius = radius;
        if (tokens.FontFamilies("--font") is { Length: > 0 } font)
        {
            theme.Typography.Default.FontFamily = font;
            theme.Typography.Button.FontFamily = font;
            // The static pages' buttons are not upper-case; these are the same buttons.
            theme.Typography.Button.TextTransform = "none";
            theme.Typography.Button.FontWeight = "600";
            theme.Typography.Default.LetterSpacing = "normal";
            theme.Typography.Button.LetterSpacing = "normal";
        }
        if (tokens.FontFamilies("--font-heading") is { Length: > 0 } heading)
            foreach (var level in new BaseTypography[] { theme.Typography.H1, theme.Typography.H2, theme.Typography.H3, theme.Typography.H4, theme.Typography.H5, theme.Typography.H6 })
                level.FontFamily = heading;
        return theme;
    }

    private static void Fill(Palette palette, ThemeTokens tokens, bool dark)
    {
        MudColor? Color(string name) => tokens.Value(name, dark) is { } value && TryColor(value, out var color) ? color : null;
        if (Color("--color-primary") is { } primary) { palette.Primary = primary; palette.Info = primary; palette.Tertiary = primary; }
        if (Color("--color-primary-text") is { } onPrimary) { palette.PrimaryContrastText = onPrimary; palette.InfoContrastText = onPrimary; }
        if (Color("--color-primary-hover") is { } hover) palette.PrimaryDarken = hover.ToString(MudColorOutputFormats.Hex);
        if (Color("--color-bg") is { } background) { palette.Background = background; palette.BackgroundGray = background; }
        if (Color("--color-surface") is { } surface)
        {
            palette.Surface = surface; palette.DrawerBackground = surface; palette.AppbarBackground = surface;
            // The tokens have no "on error" colour; the card's surface reads on the error colour in
            // both schemes (white on dark red, dark on light red), as the tokens' contrast rules ask.
            palette.ErrorContrastText = surface;
        }
        if (Color("--color-text") is { } text) { palette.TextPrimary = text; palette.AppbarText = text; palette.DrawerText = text; palette.Dark = text; }
        if (Color("--color-muted") is { } muted) { palette.TextSecondary = muted; palette.Secondary = muted; palette.ActionDefault = muted; palette.DrawerIcon = muted; }
        if (Color("--color-border") is { } border) { palette.LinesDefault = border; palette.Divider = border; palette.TableLines = border; }
        if (Color("--color-control-border") is { } control) palette.LinesInputs = control;
        if (Color("--color-error") is { } error) palette.Error = error;
        if (Color("--color-warning") is { } warning) palette.Warning = warning;
        if (Color("--color-success") is { } success) palette.Success = success;
    }

    private static bool TryColor(string value, out MudColor color)
    {
        color = default!;
        if (!value.StartsWith('#') && !value.StartsWith("rgb", StringComparison.Ordinal)) return false;
        try
        {
            color = new MudColor(value);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
