using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Checks a schema document (or a part of it) against a meta-schema with JsonSchema.Net, and
/// refuses it at the first problem with the pointer of the offending keyword.
/// </summary>
internal static class MetaSchemaCheck
{

    /// <param name="at">The pointer of <paramref name="part"/> inside the schema document ("#" for the whole of it).</param>
    /// <exception cref="SchemaException">The part breaks the meta-schema.</exception>
    public static void Check(JsonSchema meta, JsonElement part, string at)
    {
        var results = meta.Evaluate(part, new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            RequireFormatValidation = true,
            Culture = CultureInfo.InvariantCulture,
        });
        if (results.IsValid) return;
        var problem = FailureText.Describe(Failures.Of(results), meta, part)[0];
        throw SchemaException.At(at + problem.Path, problem.Text);
    }
}
