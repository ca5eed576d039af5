using System.Text.Json;
using System.Text.Json.Nodes;
using App.Configuration;
using App.Data;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Flows;

/// <summary>An error a browser was sent away with, kept so the error page can show it (Kratos <c>flowError</c>).</summary>
public sealed class FlowError
{
    /// <summary>Random, not time-ordered: knowing it is what lets a page read the error.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The error body as JSON (<c>{id, code, status, reason, message}</c>).</summary>
    public string Error { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Browsers that meet an error are sent to the error page with the id of a stored error, as Kratos
/// does, so Kratos UIs can call <c>GET /self-service/errors?id=</c> and show it.
/// </summary>
public sealed class FlowErrors(PortalDbContext db, PortalSettings settings, TimeProvider clock)
{
    /// <summary>Stores the error and returns where the browser goes to see it.</summary>
    public async Task<string> KeepAsync(ErrorEnvelope error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var kept = new FlowError { Error = JsonSerializer.Serialize(error.Error, KratosJsonOptions.Default), CreatedAt = now, UpdatedAt = now };
        db.FlowErrors.Add(kept);
        await db.SaveChangesAsync();
        return FlowEngine.UiLocation(settings, settings.Options.SelfService.Flows.Error.UiUrl, kept.Id, "id");
    }

    /// <summary>The Kratos error id (such as <c>security_csrf_violation</c>) of a stored error, for the error page.</summary>
    public async Task<string?> ErrorIdAsync(Guid id) =>
        await db.FlowErrors.AsNoTracking().Where(e => e.Id == id).Select(e => e.Error).FirstOrDefaultAsync() is { } json
            ? JsonNode.Parse(json)?["id"]?.GetValue<string>() : null;

    public static IEndpointRouteBuilder MapFlowErrors(IEndpointRouteBuilder app)
    {
        app.MapGet("/self-service/errors", async (HttpContext http, PortalDbContext db) =>
        {
            if (!Guid.TryParse(http.Request.Query["id"], out var id))
                return Results.Json(KratosErrors.BadRequest("The error id is missing or not a UUID."), KratosJsonOptions.Default, statusCode: 400);
            var error = await db.FlowErrors.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id);
            return error is null
                ? Results.Json(KratosErrors.NotFound("The error could not be found."), KratosJsonOptions.Default, statusCode: 404)
                : Results.Json(new
                {
                    id = error.Id,
                    error = JsonNode.Parse(error.Error),
                    created_at = DateTime.SpecifyKind(error.CreatedAt, DateTimeKind.Utc),
                    updated_at = DateTime.SpecifyKind(error.UpdatedAt, DateTimeKind.Utc),
                }, KratosJsonOptions.Default);
        });
        return app;
    }
}
