using Json.Pointer;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>One keyword that failed, where in the instance, and through which subschema.</summary>
internal sealed record Failure(JsonPointer Instance, JsonPointer Evaluation, string Keyword, string Message);

/// <summary>
/// Picks the failures that explain why an instance is invalid out of JsonSchema.Net's hierarchical
/// output. A subschema can fail without the whole failing: an <c>if</c> that does not match, the
/// other branches of an <c>anyOf</c>, a <c>not</c> whose subschema fails. Those are left out, as
/// Kratos reports only the causes of a failure.
/// </summary>
internal static class Failures
{
    /// <summary>A node that failed with nothing more specific to say (for example <c>contains</c>).</summary>
    public const string Unspecified = "*";

    public static List<Failure> Of(EvaluationResults results)
    {
        var found = new List<Failure>();
        Collect(results, found);
        return found;
    }

    private static void Collect(EvaluationResults node, List<Failure> found)
    {
        if (node.IsValid) return;
        var before = found.Count;
        foreach (var (keyword, message) in node.Errors ?? [])
            found.Add(new Failure(node.InstanceLocation, node.EvaluationPath, keyword, message));

        var depth = node.EvaluationPath.SegmentCount;
        foreach (var group in (node.Details ?? []).GroupBy(d => d.EvaluationPath.SegmentCount > depth ? SchemaNodes.Segment(d.EvaluationPath, depth) : ""))
        {
            var branches = group.ToList();
            var passing = branches.Select((b, i) => (b, i)).Where(x => x.b.IsValid).Select(x => x.i).ToList();
            switch (group.Key)
            {
                case "if" or "contains":
                    continue;
                case "not":
                    if (passing.Count > 0) found.Add(new Failure(node.InstanceLocation, node.EvaluationPath, "not", "not failed"));
                    continue;
                case "anyOf" when passing.Count > 0:
                    continue;
                case "oneOf" when passing.Count == 1:
                    continue;
                case "oneOf" when passing.Count > 1:
                    found.Add(new Failure(node.InstanceLocation, node.EvaluationPath, "oneOf",
                        $"valid against schemas at indexes {passing[0]} and {passing[1]}"));
                    continue;
            }
            foreach (var branch in branches) Collect(branch, found);
        }

        if (found.Count == before)
            found.Add(new Failure(node.InstanceLocation, node.EvaluationPath, Unspecified, "does not match the schema"));
    }
}
