using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace App.Http.OpenApi;

/// <summary>
/// Gives each operation its name, tag, parameters and status codes from <see cref="ApiOperations"/>.
/// The handlers read their query and headers from the request themselves, so what the framework
/// infers from their signatures is replaced by the table. A route missing from the table keeps no
/// operationId, which the document's test reports.
/// </summary>
internal sealed class OperationTable : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (ApiOperations.Find(description.HttpMethod ?? "", "/" + description.RelativePath) is not { } entry) return Task.CompletedTask;
        operation.OperationId = entry.Id;
        operation.Summary = entry.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(entry.Tag, context.Document) };
        operation.Parameters = [.. PathParameters(entry.Path), .. entry.Parameters.Select(Parameter)];
        operation.RequestBody = null;
        operation.Responses = [];
        foreach (var code in entry.Responses)
            operation.Responses[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(code) };
        if (entry.IsPortals)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[ApiOperations.PortalExtension] = new JsonNodeExtension(JsonValue.Create(true));
        }
        return Task.CompletedTask;
    }

    private static IEnumerable<IOpenApiParameter> PathParameters(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => new OpenApiParameter
        {
            Name = s[1..^1], In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

    private static OpenApiParameter Parameter(ApiParameter p) => new()
    {
        Name = p.Name,
        In = p.In == ParameterIn.Query ? ParameterLocation.Query : ParameterLocation.Header,
        Required = p.Required,
        Description = p.Description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
