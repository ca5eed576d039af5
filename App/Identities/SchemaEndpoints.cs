using System.Text;
using App.Ceremonies;
using App.KratosJson;

namespace App.Identities;

/// <summary><c>GET /schemas</c> and <c>GET /schemas/{id}</c>. Ids in URLs are base64url-encoded, as Kratos writes them.</summary>
public static class SchemaEndpoints
{
    public static IEndpointRouteBuilder MapSchemas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schemas", (SchemaRegistry schemas) => Results.Json(
            schemas.All.Select(s => new { id = s.Id, schema = System.Text.Json.Nodes.JsonNode.Parse(s.Json) }), KratosJsonOptions.Default));
        app.MapGet("/schemas/{id}", (string id, SchemaRegistry schemas) =>
        {
            var schema = schemas.Find(id) ?? (Base64Url.TryDecode(id, out var raw) ? schemas.Find(Encoding.UTF8.GetString(raw)) : null);
            return schema is null
                ? Results.Json(KratosErrors.NotFound("The requested identity schema does not exist."), KratosJsonOptions.Default, statusCode: 404)
                : Results.Text(schema.Json, "application/json");
        });
        return app;
    }
}
