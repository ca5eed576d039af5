using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// The README's "Kratos API compatibility" tables against the documents the running portal serves:
/// every route the tables name is served, and every operation served is named in them.
/// </summary>
public sealed partial class ReadmeApiTableTests(AdminPortalFixture fixture) : IClassFixture<AdminPortalFixture>
{
    [Fact]
    public async Task The_readme_names_exactly_the_operations_the_documents_list()
    {
        using var http = new HttpClient();
        var documented = new HashSet<string>();
        foreach (var root in new[] { fixture.Portal.BaseUrl, fixture.Portal.AdminUrl })
            foreach (var operation in OpenApiDocument.Operations(JsonNode.Parse(await http.GetStringAsync(root + "/openapi/v1.json"))!))
                documented.Add($"{operation.Method} {operation.Path}");

        var readme = ReadmeRoutes();
        Assert.True(readme.Count > 40, $"only {readme.Count} routes were read from the README's tables");
        var notServed = readme.Where(r => !documented.Contains(r)).Order().ToList();
        var notInReadme = documented.Where(d => !readme.Contains(d)).Order().ToList();
        Assert.True(notServed.Count == 0, "In the README but not in /openapi/v1.json: " + string.Join(", ", notServed));
        Assert.True(notInReadme.Count == 0, "In /openapi/v1.json but not in the README's tables: " + string.Join(", ", notInReadme));
    }

    [Fact]
    public void Brace_lists_and_method_lists_expand_as_the_readme_means_them()
    {
        Assert.Equal(["GET /self-service/login/browser", "GET /self-service/login/api", "GET /self-service/settings/browser", "GET /self-service/settings/api"],
            Routes("| `GET /self-service/{login,settings}/{browser,api}` | notes |"));
        Assert.Equal(["GET /admin/identities/{id}", "DELETE /admin/identities/{id}", "POST /self-service/login"],
            Routes("| `GET`/`DELETE /admin/identities/{id}`, `POST /self-service/login?flow=` | `GET /not/this` |"));
    }

    /// <summary>Every route in the first column of the tables of the README's compatibility section.</summary>
    private static HashSet<string> ReadmeRoutes()
    {
        var text = File.ReadAllText(Path.Combine(Components.ConsolePanelTests.LocalRoot(), "README.md"));
        var start = text.IndexOf("\n## Kratos API compatibility", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no \"Kratos API compatibility\" section.");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = text[start..(end < 0 ? text.Length : end)];
        return section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).SelectMany(Routes).ToHashSet();
    }

    /// <summary>The routes of one table row: <c>`GET`/`POST /path`</c>, <c>{a,b}</c> alternatives, a query string dropped.</summary>
    private static List<string> Routes(string row)
    {
        var firstCell = row.Split('|', StringSplitOptions.RemoveEmptyEntries)[0];
        var routes = new List<string>();
        var methods = new List<string>();
        foreach (Match span in CodeSpan().Matches(firstCell))
        {
            var parts = span.Groups[1].Value.Split(' ', 2);
            methods.Add(parts[0]);
            if (parts.Length == 1) continue;
            var path = parts[1].Split('?')[0];
            foreach (var method in methods)
                foreach (var expanded in Expand(path))
                    routes.Add($"{method} {expanded}");
            methods.Clear();
        }
        return routes;
    }

    private static IEnumerable<string> Expand(string path)
    {
        var alternatives = Alternatives().Match(path);
        if (!alternatives.Success) return [path];
        return alternatives.Groups[1].Value.Split(',').SelectMany(choice =>
            Expand(path[..alternatives.Index] + choice + path[(alternatives.Index + alternatives.Length)..]));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    /// <summary>A brace list with a comma; a single name in braces is a path parameter.</summary>
    [GeneratedRegex(@"\{([^{}]*,[^{}]*)\}")]
    private static partial Regex Alternatives();
}
