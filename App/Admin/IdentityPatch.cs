using System.Text.Json.Nodes;
using App.KratosJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;

namespace App.Admin;

/// <summary>
/// A JSON Patch (RFC 6902) on an identity's JSON, as Kratos applies one in <c>patchIdentity</c>
/// (<c>identity/handler.go</c>, ory/x <c>jsonx/patch.go</c>): only <c>add</c>, <c>remove</c> and
/// <c>replace</c>; a <c>replace</c> of a member that is missing adds it; an <c>add</c> creates the
/// objects on its way. Kratos forbids <c>/id</c>, <c>/state_changed_at</c> and <c>/credentials</c>;
/// here only what an administrator may write is open (<see cref="Writable"/>), so addresses, times
/// and credentials can be neither set nor forged. The operations themselves are carried out by
/// Microsoft.AspNetCore.JsonPatch.SystemTextJson.
/// </summary>
public static class IdentityPatch
{
    /// <summary>The members of the identity a patch may touch, and anything below them.</summary>
    public static readonly IReadOnlySet<string> Writable = new HashSet<string>(StringComparer.Ordinal)
        { "schema_id", "traits", "state", "metadata_public", "metadata_admin", "external_id" };

    private const string Failed = "An error occured when applying the JSON patch";

    public static (JsonObject? Patched, ErrorEnvelope? Problem) Apply(JsonObject identity, JsonNode patch)
    {
        if (patch is not JsonArray steps) return (null, Problem("The request body must be a JSON Patch document: an array of operations."));
        var operations = new List<Operation>();
        foreach (var step in steps)
        {
            var (operation, problem) = Read(step);
            if (problem is not null) return (null, problem);
            operations.Add(operation!);
        }
        var patched = (JsonObject)identity.DeepClone();
        foreach (var operation in operations)
        {
            if (operation.op == "add") CreateParents(patched, Segments(operation.path));
            try
            {
                new JsonPatchDocument([operation], KratosJsonOptions.Default).ApplyTo(patched);
            }
            catch (JsonPatchException e)
            {
                return (null, Problem(e.Message));
            }
        }
        return (patched, null);
    }

    private static (Operation? Operation, ErrorEnvelope? Problem) Read(JsonNode? step)
    {
        if (step is not JsonObject o) return (null, Problem("Each operation must be a JSON object with op and path."));
        if (Text(o, "op") is not { } op || Text(o, "path") is not { } path) return (null, Problem("Each operation needs op and path as strings."));
        if (op is "move" or "copy" or "test") return (null, Problem($"unsupported operation: {op}"));
        if (op is not ("add" or "remove" or "replace")) return (null, Problem($"Unexpected kind: {op}"));
        if (!path.StartsWith('/') || !IsValidPointer(path)) return (null, Problem($"invalid path: {path}"));
        if (!Writable.Contains(Segments(path)[0])) return (null, Problem($"patch includes denied path: {path}"));
        if (op != "remove" && !o.ContainsKey("value")) return (null, Problem($"{op} operation on {path} needs a value"));
        // As Kratos: replacing a member that does not exist yet is taken as adding it.
        if (op == "replace" && !IsElementAccess(path)) op = "add";
        return (new Operation(op, path, null, o["value"]?.DeepClone()), null);
    }

    /// <summary>Kratos's EnsurePathExistsOnAdd: missing or null objects on the way to an added member are created.</summary>
    private static void CreateParents(JsonObject root, IReadOnlyList<string> segments)
    {
        JsonNode current = root;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            if (current is JsonObject o)
            {
                if (o[segment] is not { } next) o[segment] = next = new JsonObject();
                current = next;
            }
            else if (current is JsonArray a && int.TryParse(segment, out var index) && index >= 0 && index < a.Count && a[index] is { } item)
                current = item;
            else return;
        }
    }

    private static bool IsElementAccess(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last == "-" || int.TryParse(last, out _);
    }

    /// <summary>RFC 6901: "~" only as "~0" or "~1".</summary>
    private static bool IsValidPointer(string path)
    {
        for (var i = 0; i < path.Length; i++)
            if (path[i] == '~' && (i + 1 == path.Length || path[i + 1] is not ('0' or '1'))) return false;
        return true;
    }

    private static List<string> Segments(string path) =>
        path[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ErrorEnvelope Problem(string message) => KratosErrors.Make(400, message, reason: Failed);
}
