using System.Text.RegularExpressions;
using Json.Schema;
using Json.Schema.Keywords;

namespace App.Identities.Schema;

/// <summary>
/// Walks every subschema JsonSchema.Net built, once, before any traits are evaluated, and refuses
/// what would fail later or never finish: a <c>$ref</c> that resolves to nothing (JsonSchema.Net
/// only throws when evaluation reaches it), a reference to another document (never fetched), a
/// cycle of references (evaluation would recurse without end), nesting past a fixed depth, a
/// pattern Kratos's RE2 would refuse, and a broken <c>ory.sh/kratos</c> block.
/// </summary>
internal static class SchemaGraph
{
    public const int MaxDepth = 64;

    // Non-backtracking matching is linear in the input, as RE2 is in Kratos, so no pattern can make
    // a submitted value take exponential time; it refuses the same constructs (backreferences, lookaround).
    private const RegexOptions PatternOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <exception cref="SchemaException">The first problem found.</exception>
    public static void Check(JsonSchema schema) =>
        Visit(schema.Root, "#", [], new HashSet<JsonSchemaNode>(ReferenceEqualityComparer.Instance));

    private static void Visit(JsonSchemaNode node, string location, List<(JsonSchemaNode Node, string Location)> path, HashSet<JsonSchemaNode> done)
    {
        if (done.Contains(node)) return;
        var repeated = path.FindIndex(n => ReferenceEquals(n.Node, node));
        if (repeated >= 0)
        {
            var cycle = path.Skip(repeated).Select(n => n.Location).Append(path[repeated].Location);
            throw SchemaException.At(path[^1].Location, $"$ref cycle: {string.Join(" → ", cycle)} (a schema cannot contain itself)");
        }
        if (path.Count >= MaxDepth)
            throw SchemaException.At(location, $"subschemas are nested or referenced more than {MaxDepth} levels deep");

        ExtensionCheck.Check(node, location);
        foreach (var keyword in node.Keywords ?? [])
        {
            if (SchemaNodes.IsRef(keyword) && keyword.Subschemas is not { Length: > 0 })
                throw SchemaException.At(location + "/$ref", Unresolved(keyword, node));
            Harden(keyword, location);
        }

        path.Add((node, location));
        foreach (var (keyword, child) in SchemaNodes.Children(node)) Visit(child, SchemaNodes.Location(child, keyword, location), path, done);
        path.RemoveAt(path.Count - 1);
        done.Add(node);
    }

    private static string Unresolved(KeywordData reference, JsonSchemaNode node)
    {
        var target = reference.Value as Uri;
        var sameDocument = target is not null && node.BaseUri is { } own
            && Uri.Compare(target, own, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.Ordinal) == 0;
        return sameDocument
            ? $"$ref \"{reference.RawValue.GetString()}\" points at nothing in this schema"
            : $"$ref \"{reference.RawValue.GetString()}\" refers to another document; identity schemas must be self-contained, remote references are never fetched";
    }

    private static void Harden(KeywordData keyword, string location)
    {
        switch (keyword.Handler, keyword.Value)
        {
            case (PatternKeyword, Regex pattern):
                keyword.Value = Compile(pattern.ToString(), location + "/pattern");
                break;
            case (PatternPropertiesKeyword, Dictionary<string, Regex> patterns):
                foreach (var key in patterns.Keys.ToList())
                    patterns[key] = Compile(key, location + "/patternProperties");
                break;
        }
    }

    private static Regex Compile(string pattern, string pointer)
    {
        try { return new Regex(pattern, PatternOptions); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw SchemaException.At(pointer, $"pattern {GoFormat.Quote(pattern)} is not supported (patterns follow RE2, as in Kratos: no backreferences or lookaround): {e.Message}");
        }
    }
}
