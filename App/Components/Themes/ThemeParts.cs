using System.Reflection;
using App.Configuration;

namespace App.Components.Themes;

/// <summary>The parts of every page a theme may replace: the header, the card around the content, the footer.</summary>
public enum ThemeSlot { Header, Card, Footer }

/// <summary>
/// Marks a Razor component as a theme's own part: with <c>ui.theme</c> set to <paramref name="theme"/>,
/// it is shown instead of the default part in <paramref name="slot"/> (docs/theming.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ThemePartAttribute(string theme, ThemeSlot slot) : Attribute
{
    public string Theme { get; } = theme;
    public ThemeSlot Slot { get; } = slot;
}

/// <summary>The components that fill each slot for the configured theme, found once at start-up.</summary>
public sealed class ThemeParts
{
    private readonly Dictionary<ThemeSlot, Type> parts = new()
    {
        [ThemeSlot.Header] = typeof(Layout.Header),
        [ThemeSlot.Card] = typeof(Layout.Card),
        [ThemeSlot.Footer] = typeof(Layout.Footer),
    };

    public ThemeParts(PortalSettings settings, IWebHostEnvironment environment)
    {
        var folder = environment.WebRootFileProvider;
        if (!folder.GetFileInfo($"themes/{settings.Theme}/tokens.css").Exists)
            throw new InvalidConfigurationException([new ConfigError("ui.theme", $"There is no theme '{settings.Theme}': wwwroot/themes/{settings.Theme}/tokens.css is missing.",
                "Use a folder of wwwroot/themes/ (default, harbour) or add one (docs/theming.md).")]);
        // A theme's own parts may need rules of their own, beside its tokens.
        HasStylesheet = folder.GetFileInfo($"themes/{settings.Theme}/theme.css").Exists;
        foreach (var type in typeof(ThemeParts).Assembly.GetTypes())
            foreach (var part in type.GetCustomAttributes<ThemePartAttribute>())
                if (part.Theme == settings.Theme) parts[part.Slot] = type;
    }

    public Type this[ThemeSlot slot] => parts[slot];

    /// <summary>The theme ships a <c>theme.css</c> besides its tokens.</summary>
    public bool HasStylesheet { get; }
}
