using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>Collects what axe says of each page in each colour scheme, so one run reports them all.</summary>
public sealed class AxeAudit
{
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    private readonly List<string> failures = [];
    private int checkedPages;

    public async Task CheckAsync(IPage page, string where)
    {
        foreach (var scheme in Schemes)
        {
            // Without motion, a colour that is still fading from the other scheme is never what axe measures.
            await page.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
            var violations = await Axe.RunAsync(page);
            var blocking = Axe.DescribeBlocking(violations, $"{where} ({scheme.ToString().ToLowerInvariant()})");
            if (blocking.Length > 0) failures.Add(blocking);
            checkedPages++;
        }
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light, ReducedMotion = ReducedMotion.NoPreference });
    }

    public void AssertClean() =>
        Assert.True(failures.Count == 0,
            $"axe-core found serious or critical violations on {failures.Count} of {checkedPages} page views:\n" + string.Join("\n", failures));
}
