using System.Collections.Concurrent;
using App.Configuration;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace App.Http.OpenApi;

/// <summary>
/// The OpenAPI 3.1 documents at <c>/openapi/v1.json</c>: on the public listener the public API, on
/// the admin listener the admin API, as the two listeners split the routes (<see cref="AdminPort"/>).
/// Neither needs the admin key: they describe, they do not act, and the admin listener is never
/// public; every admin operation they list still asks for the key.
/// </summary>
public static class ApiDocuments
{
    public const string Path = "/openapi/v1.json";
    public const string PublicName = "public";
    public const string AdminName = "admin";
    /// <summary>The admin API key, as the document's security scheme.</summary>
    public const string AdminKeyScheme = "adminKey";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services)
    {
        services.AddOpenApi(PublicName, o => Configure(o, admin: false));
        services.AddOpenApi(AdminName, o => Configure(o, admin: true));
        return services;
    }

    private static void Configure(OpenApiOptions options, bool admin)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.ShouldInclude = d => d.RelativePath is { } path && ApiOperations.BelongsTo("/" + path, admin);
        // Transformers run in the order they are added: the operations are named before the document's tags are listed.
        options.AddOperationTransformer<OperationTable>();
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = admin ? "Identity portal: admin API" : "Identity portal: public API",
                Version = HealthEndpoints.Version,
                Description = (admin
                    ? "The admin listener. Every operation under /admin needs `Authorization: Bearer <admin key>` unless the listener is on loopback with no keys configured; the console's form posts sign in with a passkey instead."
                    : "The public listener.")
                    + $" Operations named as Ory Kratos v26.2.0 names them behave as Kratos's; those tagged `{ApiOperations.PortalTag}` and marked `{ApiOperations.PortalExtension}` are this portal's own.",
            };
            document.Servers = [];
            if (admin)
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[AdminKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "An admin API key (scripts/admin-key.sh); not needed on a loopback listener without keys.",
                };
                var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminKeyScheme, document)] = [] };
                // The console's form posts sign in with a passkey, not the key (AdminPort).
                foreach (var operation in document.Paths.Where(p => p.Key.StartsWith("/admin/", StringComparison.Ordinal) && !Admin.Console.ConsoleEndpoints.IsConsolePath(p.Key))
                             .SelectMany(p => p.Value.Operations ?? []))
                    operation.Value.Security = [requirement];
            }
            // The framework names a tag after each handler's class; the table's tags replace them.
            document.Tags = ApiOperations.All.Where(o => ApiOperations.BelongsTo(o.Path, admin)).Select(o => o.Tag).Distinct()
                .Select(t => new OpenApiTag { Name = t }).ToHashSet();
            return Task.CompletedTask;
        });
    }

    public static IEndpointRouteBuilder MapApiDocuments(this IEndpointRouteBuilder app)
    {
        var rendered = new ConcurrentDictionary<string, Lazy<Task<string>>>();
        app.MapGet(Path, async (HttpContext http, PortalSettings settings) =>
        {
            var name = AdminPort.IsAdminListener(http, settings) ? AdminName : PublicName;
            // The routes are fixed once the app runs, so each document is made once.
            var json = await rendered.GetOrAdd(name, n => new Lazy<Task<string>>(() => RenderAsync(http.RequestServices, n))).Value;
            return Results.Text(json, "application/json; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<string> RenderAsync(IServiceProvider services, string name)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(name).GetOpenApiDocumentAsync();
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
    }
}
