using System.Text.Json;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.SelfService.Ui;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Flows;

/// <summary>Creates, loads and saves flows, and prepares their form for a response.</summary>
public sealed class FlowStore(PortalDbContext db, PortalSettings settings, TimeProvider clock, Csrf csrf)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="bindToBrowser">A browser flow belongs to the browser of <paramref name="http"/>; false leaves it open to any browser.</param>
    public Flow New(string kind, string type, HttpContext http, string? returnTo, TimeSpan lifespan, bool bindToBrowser = true)
    {
        var now = Now;
        var flow = new Flow
        {
            Kind = kind,
            Type = type,
            IssuedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + lifespan,
            RequestUrl = settings.PublicUrl(http.Request.Path + http.Request.QueryString),
            ReturnTo = returnTo,
        };
        if (type == FlowTypes.Browser && bindToBrowser) flow.CsrfHash = Csrf.Hash(csrf.EnsureSecret(http));
        db.Flows.Add(flow);
        return flow;
    }

    public Task<Flow?> FindAsync(Guid id, string kind) => ById.For(db)(db, id, kind);

    // Compiled once: every submission and every look at a flow starts here, and EF Core would
    // otherwise build and look up the query's expression tree each time.
    private static readonly CompiledPerModel<Func<PortalDbContext, Guid, string, Task<Flow?>>> ById = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, Guid id, string kind) => db.Flows.FirstOrDefault(f => f.Id == id && f.Kind == kind)));

    public bool IsExpired(Flow flow) => flow.ExpiresAt <= Now;

    public UiContainer ReadUi(Flow flow) =>
        JsonSerializer.Deserialize<UiContainer>(flow.Ui, KratosJsonOptions.Default) ?? new UiContainer();

    public void WriteUi(Flow flow, UiContainer ui)
    {
        flow.Ui = JsonSerializer.Serialize(ui, KratosJsonOptions.Default);
        flow.UpdatedAt = Now;
    }

    public string ActionUrl(Flow flow) => settings.PublicUrl($"self-service/{flow.Kind}?flow={flow.Id}");

    /// <summary>The form as this response shows it: with this browser's masked CSRF token filled in.</summary>
    public UiContainer UiForResponse(Flow flow, HttpContext http)
    {
        var ui = ReadUi(flow);
        // A flow open to any browser gives each browser a secret of its own the first time it looks.
        var token = flow.Type != FlowTypes.Browser ? "" : flow.CsrfHash is null ? Csrf.Mask(csrf.EnsureSecret(http)) : csrf.TokenFor(http);
        foreach (var node in ui.Nodes.Where(n => n.Name == "csrf_token"))
            node.Attributes.Value = System.Text.Json.Nodes.JsonValue.Create(token);
        return ui;
    }

    public Task SaveAsync() => db.SaveChangesAsync();

    /// <summary>
    /// Saves a flow just made. Alone in the unit of work it goes in with one statement
    /// (<see cref="SingleInsert"/>), as it does for every visit to a sign-in page; with anything
    /// else pending, everything goes in one <c>SaveChanges</c> transaction.
    /// </summary>
    public async Task SaveNewAsync(Flow flow)
    {
        var entry = db.Entry(flow);
        if (entry.State != EntityState.Added || db.ChangeTracker.Entries().Skip(1).Any())
        {
            await db.SaveChangesAsync();
            return;
        }
        entry.State = EntityState.Detached;
        await SingleInsert.InsertAsync(db, flow);
    }
}
