using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>One rule axe-core found broken, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes);

/// <summary>One offending element: its CSS selector and axe's own summary of what to fix.</summary>
public sealed record AxeNode(string Target, string? Impact, string Summary);

/// <summary>
/// axe-core (npm, installed into <c>tools/axe</c> by <c>scripts/test.sh</c>), injected into a page
/// and run against the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
/// </summary>
public static class Axe
{
    /// <summary>The rule tags run: every WCAG 2.x rule of level A and AA (axe has no "wcag22a" rules).</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>The impacts a hosted page must never have.</summary>
    public static readonly string[] Blocking = ["serious", "critical"];

    public const string InstallCommand = "npm ci --prefix tools/axe";

    /// <summary><c>tools/axe/node_modules/axe-core/axe.min.js</c> of the repository.</summary>
    public static string ScriptPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")))
                    return Path.Combine(dir.FullName, "tools", "axe", "node_modules", "axe-core", "axe.min.js");
            throw new InvalidOperationException($"No Identity.sln above {AppContext.BaseDirectory}: cannot find tools/axe.");
        }
    }

    /// <summary>
    /// Runs axe on what the page shows now. The page's context must bypass the portal's CSP
    /// (<see cref="BrowserNewContextOptions.BypassCSP"/>), since the script goes in inline.
    /// </summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        var script = ScriptPath;
        if (!File.Exists(script))
            throw new Xunit.Sdk.XunitException(
                $"axe-core is not installed ({script} is missing). Run `{InstallCommand}` (scripts/test.sh does), which needs Node.js and npm.");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new() { Path = script });

        var json = await page.EvaluateAsync<string>("""
            async (tags) => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary ?? '' })),
              })));
            }
            """, Tags);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!,
            v.GetProperty("impact").GetString(),
            v.GetProperty("help").GetString()!,
            v.GetProperty("helpUrl").GetString()!,
            v.GetProperty("nodes").EnumerateArray().Select(n => new AxeNode(
                n.GetProperty("target").GetString()!,
                n.GetProperty("impact").GetString(),
                n.GetProperty("summary").GetString()!)).ToList())).ToList();
    }

    /// <summary>The violations of <paramref name="violations"/> that block, described for a failure message; empty when none.</summary>
    public static string DescribeBlocking(IEnumerable<AxeViolation> violations, string where)
    {
        var text = new StringBuilder();
        foreach (var v in violations.Where(v => Blocking.Contains(v.Impact)))
        {
            text.AppendLine($"{where}: {v.Id} ({v.Impact}): {v.Help} <{v.HelpUrl}>");
            foreach (var node in v.Nodes)
                text.AppendLine($"    {node.Target}\n      {node.Summary.ReplaceLineEndings("\n      ")}");
        }
        return text.ToString();
    }
}
