using System.Text.Json.Nodes;
using App.Admin;
using App.Configuration;
using App.Data;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.Identities;

/// <summary>
/// Kratos's admin identity API (<c>listIdentities</c>, <c>createIdentity</c>, <c>getIdentity</c>,
/// <c>updateIdentity</c>, <c>patchIdentity</c>, <c>deleteIdentity</c>, <c>deleteIdentityCredentials</c>),
/// on the admin listener only. The work is <see cref="IdentityAdministration"/>'s; these only read
/// requests and write answers.
/// </summary>
public static class AdminIdentityEndpoints
{
    public static IEndpointRouteBuilder MapAdminIdentities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/identities", ListAsync);
        app.MapPost("/admin/identities", CreateAsync);
        app.MapPatch("/admin/identities", BatchAsync);
        app.MapGet("/admin/identities/{id}", GetAsync);
        app.MapGet("/admin/identities/by/external/{externalID}", GetByExternalIdAsync);
        app.MapPut("/admin/identities/{id}", UpdateAsync);
        app.MapPatch("/admin/identities/{id}", PatchAsync);
        app.MapDelete("/admin/identities/{id}", DeleteAsync);
        app.MapDelete("/admin/identities/{id}/credentials/{type}", DeleteCredentialsAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PortalDbContext db, PortalSettings settings, IdentityCredentials credentials)
    {
        var (size, problem) = Paging.PageSize(http.Request);
        if (problem is not null) return problem;
        var identities = db.Identities.AsNoTracking().Include(i => i.Identifiers).AsQueryable();
        if (http.Request.Query["credentials_identifier"] is { Count: > 0 } identifier)
        {
            var wanted = EmailAddress.Normalize(identifier.ToString());
            identities = identities.Where(i => i.Identifiers.Any(x => x.Value == wanted));
        }
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        // Oldest first, as in Kratos.
        if (after is { } last) identities = identities.Where(i => i.Id.CompareTo(last) > 0);
        var rows = await identities.OrderBy(i => i.Id).Take(size + 1).ToListAsync();
        var page = Paging.Page(http, rows, size, i => i.Id.ToString());
        // Kratos's list carries each identity's credentials without config.
        var summaries = await credentials.SummarizeAsync(page);
        return Results.Json(page.Select(i => IdentityJson.From(i, settings, includeAdminMetadata: true, summaries[i.Id])), KratosJsonOptions.Default);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IdentityAdministration identities)
    {
        var (include, problem) = IdentityCredentials.ParseInclude(http.Request.Query);
        if (problem is not null) return Error(problem);
        return await identities.FindAsync(id) is { } identity
            ? Results.Json(await identities.JsonAsync(identity, include), KratosJsonOptions.Default)
            : Error(AdminErrors.IdentityNotFound());
    }

    /// <summary>Kratos <c>getIdentityByExternalID</c>.</summary>
    private static async Task<IResult> GetByExternalIdAsync(string externalID, HttpContext http, IdentityAdministration identities)
    {
        var (include, problem) = IdentityCredentials.ParseInclude(http.Request.Query);
        if (problem is not null) return Error(problem);
        return await identities.FindByExternalIdAsync(externalID) is { } identity
            ? Results.Json(await identities.JsonAsync(identity, include), KratosJsonOptions.Default)
            : Error(AdminErrors.IdentityNotFound());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IdentityAdministration identities)
    {
        var (body, problem) = await ObjectBodyAsync(http);
        if (problem is not null) return Error(problem);
        return await AnswerAsync(await identities.CreateAsync(body!, http), identities, 201);
    }

    private static async Task<IResult> BatchAsync(HttpContext http, IdentityBatch batch)
    {
        // Kestrel's own cap is 1 MiB for every request; this one endpoint takes thousands of records.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = IdentityBatch.MaxBodyBytes;
        var (body, problem) = await AdminJsonBody.ReadAsync(http.Request, IdentityBatch.MaxBodyBytes);
        if (problem is not null) return Error(problem);
        return (await batch.ApplyAsync(body!, http)).ToResult(answer => Results.Json(answer, KratosJsonOptions.Default));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, IdentityAdministration identities)
    {
        var (body, problem) = await ObjectBodyAsync(http);
        if (problem is not null) return Error(problem);
        return await AnswerAsync(await identities.ReplaceAsync(id, body!, http), identities);
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, IdentityAdministration identities)
    {
        // Kratos answers 404 for an unknown identity before it reads the patch.
        if (await identities.FindAsync(id) is null) return Error(AdminErrors.IdentityNotFound());
        var (patch, problem) = await AdminJsonBody.ReadAsync(http.Request);
        if (problem is not null) return Error(problem);
        return await AnswerAsync(await identities.PatchAsync(id, patch!, http), identities);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, IdentityAdministration identities) =>
        (await identities.DeleteAsync(id, http)).ToResult(_ => Results.NoContent());

    private static async Task<IResult> DeleteCredentialsAsync(string id, string type, HttpContext http, IdentityAdministration identities) =>
        (await identities.RemoveCredentialsAsync(id, type, http)).ToResult(_ => Results.NoContent());

    private static async Task<IResult> AnswerAsync(AdminOutcome<Identity> outcome, IdentityAdministration identities, int status = 200) =>
        outcome.Error is { } error ? Error(error)
            : Results.Json(await identities.JsonAsync(outcome.Value!), KratosJsonOptions.Default, statusCode: status);

    private static async Task<(JsonObject? Body, ErrorEnvelope? Problem)> ObjectBodyAsync(HttpContext http)
    {
        var (body, problem) = await AdminJsonBody.ReadAsync(http.Request);
        if (problem is not null) return (null, problem);
        return body is JsonObject o ? (o, null) : (null, KratosErrors.BadRequest("The request body must be a JSON object."));
    }

    private static IResult Error(ErrorEnvelope error) => Results.Json(error, KratosJsonOptions.Default, statusCode: error.Error.Code);
}
