using App.Components.Themes;
using MudBlazor.Utilities;

namespace App.Tests.Unit.Themes;

/// <summary>MudBlazor's theme comes from a portal theme's tokens.css: light and dark palette, corners and type.</summary>
public sealed class TokenThemeTests
{
    private static ThemeTokens TokensOf(string theme)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return ThemeTokens.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "wwwroot", "themes", theme, "tokens.css")));
    }

    private static string Hex(MudColor color) => color.ToString(MudColorOutputFormats.Hex).ToLowerInvariant();

    [Fact]
    public void Light_dark_pairs_become_the_light_and_the_dark_palette()
    {
        var theme = new TokenTheme(TokensOf("default")).Theme;

        Assert.Equal("#2f5bd3", Hex(theme.PaletteLight.Primary));
        Assert.Equal("#8aa8ff", Hex(theme.PaletteDark.Primary));
        Assert.Equal("#ffffff", Hex(theme.PaletteLight.PrimaryContrastText));
        Assert.Equal("#0c1430", Hex(theme.PaletteDark.PrimaryContrastText));
        Assert.Equal("#1b1e24", Hex(theme.PaletteDark.Surface));
        Assert.Equal("#f5f6f8", Hex(theme.PaletteLight.Background));
        Assert.Equal("#b3261e", Hex(theme.PaletteLight.Error));
        // Text on the error colour: the surface, light on dark red and dark on light red.
        Assert.Equal("#ffffff", Hex(theme.PaletteLight.ErrorContrastText));
        Assert.Equal("#1b1e24", Hex(theme.PaletteDark.ErrorContrastText));
        Assert.Equal("#a9afba", Hex(theme.PaletteDark.TextSecondary));
        Assert.Equal("8px", theme.LayoutProperties.DefaultBorderRadius);
        Assert.Equal("system-ui", theme.Typography.Default.FontFamily![0]);
        Assert.Equal("none", theme.Typography.Button.TextTransform);
    }

    [Fact]
    public void Another_theme_gives_another_palette_corners_and_heading_font()
    {
        var theme = new TokenTheme(TokensOf("harbour")).Theme;

        Assert.Equal("#0b6e6e", Hex(theme.PaletteLight.Primary));
        Assert.Equal("#5fd4c8", Hex(theme.PaletteDark.Primary));
        Assert.Equal("2px", theme.LayoutProperties.DefaultBorderRadius);
        Assert.Equal(["Avenir Next", "Segoe UI", "system-ui", "sans-serif"], theme.Typography.Default.FontFamily);
        Assert.Equal("Iowan Old Style", theme.Typography.H1.FontFamily![0]);
    }

    [Fact]
    public void Tokens_are_read_past_comments_nested_commas_and_plain_values()
    {
        var tokens = ThemeTokens.Parse("""
            /* --color-text: light-dark(#000, #fff); is a comment */
            :root {
              --shadow-color: light-dark(rgb(0 0 0 / 6%), transparent);
              --color-text: light-dark( #111111 , #eeeeee );
              --radius: 12px;
            }
            """);

        Assert.Equal("rgb(0 0 0 / 6%)", tokens.Light("--shadow-color"));
        Assert.Equal("transparent", tokens.Dark("--shadow-color"));
        Assert.Equal("#111111", tokens.Light("--color-text"));
        Assert.Equal("#eeeeee", tokens.Dark("--color-text"));
        Assert.Equal("12px", tokens.Dark("--radius"));
        Assert.Null(tokens.Light("--color-primary"));
    }
}
