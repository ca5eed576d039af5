using System.Text.Json;
using System.Text.Json.Nodes;
using App.Configuration;
using App.Http;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Flows.Settings;
using App.SelfService.Methods.LookupSecret;
using App.SelfService.Methods.Passkey;
using App.SelfService.Ui;
using App.Sessions;

namespace App.Components.Settings;

/// <summary>
/// The settings flow and the sessions API, reached in process for the browser behind the circuit:
/// <c>GET /self-service/settings/flows</c>, <c>POST /self-service/settings</c> (JSON, as an SPA
/// posts it), <c>GET</c> and <c>DELETE /sessions</c>. The answers are Kratos's JSON; this class
/// only reads them into what the page shows.
/// </summary>
public sealed class SettingsFlowClient(CircuitRequest request, InProcessRequests requests, PortalSettings settings, ILogger<SettingsFlowClient> logger) : ISettingsFlowClient
{
    /// <summary>What the session may do, asked of the session service: the rules stay where they live.</summary>
    private sealed record Standing(bool SignedIn, bool Restricted, bool Recovered, bool Privileged, string SignIn, string Confirm);

    public async Task<SettingsView> LoadAsync(Guid flowId, CancellationToken cancel = default)
    {
        var facts = await request.FactsAsync();
        var answer = await requests.SendAsync(facts, HttpMethod.Get, $"/self-service/settings/flows?id={flowId}", cancel: cancel);
        return await ReadAsync(facts, flowId, answer, before: null, cancel);
    }

    public Task<SettingsView> AddPasskeyAsync(SettingsView view, string credentialJson) =>
        SubmitAsync(view, "passkey_settings_register", credentialJson);

    public Task<SettingsView> RemovePasskeyAsync(SettingsView view, string passkeyId) =>
        SubmitAsync(view, "passkey_remove", passkeyId);

    public Task<SettingsView> AddSecurityKeyAsync(SettingsView view, string credentialJson, string name) =>
        SubmitAsync(view, new JsonObject { ["webauthn_register"] = credentialJson, ["webauthn_register_displayname"] = name }, "webauthn");

    public Task<SettingsView> RemoveSecurityKeyAsync(SettingsView view, string keyId) =>
        SubmitAsync(view, new JsonObject { ["webauthn_remove"] = keyId }, "webauthn");

    public Task<SettingsView> RenamePasskeyAsync(SettingsView view, string passkeyId, string name) =>
        SubmitAsync(view, new JsonObject { [PasskeyRename.IdField] = passkeyId, [PasskeyRename.NameField] = name }, "passkey");

    public Task<SettingsView> AskForBackupAsync(SettingsView view, string target) =>
        SubmitAsync(view, BackupPasskeyPrompt.TargetField, target);

    public Task<SettingsView> DeclineBackupAsync(SettingsView view) =>
        SubmitAsync(view, BackupPasskeyPrompt.LaterField, "true");

    public Task<SettingsView> GenerateBackupCodesAsync(SettingsView view) =>
        SubmitAsync(view, "lookup_secret_regenerate", true, "lookup_secret");

    public Task<SettingsView> ConfirmBackupCodesAsync(SettingsView view) =>
        SubmitAsync(view, "lookup_secret_confirm", true, "lookup_secret");

    public Task<SettingsView> DisablePasswordAsync(SettingsView view) =>
        SubmitAsync(view, "password_disable", "true", "password");
    public Task<SettingsView> SaveEmailAsync(SettingsView view, string email) =>
        SubmitAsync(view, "traits", new JsonObject { [view.Email.Field] = email }, "profile");

    public async Task<IReadOnlyList<OtherSession>?> OtherSessionsAsync(CancellationToken cancel = default)
    {
        var answer = await requests.SendAsync(await request.FactsAsync(), HttpMethod.Get, "/sessions?page_size=20", cancel: cancel);
        if (answer is not { Status: 200, Json: JsonArray sessions }) return null;
        return sessions.OfType<JsonObject>().Select(s => new OtherSession(
            s["id"]!.GetValue<Guid>(),
            s["devices"]?.AsArray().FirstOrDefault()?["user_agent"]?.GetValue<string>(),
            s["authenticated_at"]!.GetValue<DateTime>())).OrderByDescending(s => s.AuthenticatedAt).ToList();
    }

    public async Task<bool> SignOutAsync(Guid sessionId) =>
        (await requests.SendAsync(await request.FactsAsync(), HttpMethod.Delete, $"/sessions/{sessionId}")).Succeeded;

    public async Task<int?> SignOutEverywhereElseAsync()
    {
        var answer = await requests.SendAsync(await request.FactsAsync(), HttpMethod.Delete, "/sessions");
        return answer is { Status: 200, Json: JsonObject done } ? done["count"]?.GetValue<int>() : null;
    }

    private Task<SettingsView> SubmitAsync(SettingsView view, string field, JsonNode value, string method = "passkey") =>
        SubmitAsync(view, new JsonObject { [field] = value }, method);

    private async Task<SettingsView> SubmitAsync(SettingsView view, JsonObject fields, string method)
    {
        var facts = await request.FactsAsync();
        var body = new JsonObject { ["method"] = method, ["csrf_token"] = view.CsrfToken };
        foreach (var (name, value) in fields) body[name] = value?.DeepClone();
        var answer = await requests.SendAsync(facts, HttpMethod.Post, $"/self-service/settings?flow={view.FlowId}", body);
        return await ReadAsync(facts, view.FlowId, answer, view, CancellationToken.None);
    }

    private async Task<SettingsView> ReadAsync(RequestFacts facts, Guid flowId, InProcessResponse answer, SettingsView? before, CancellationToken cancel)
    {
        Standing standing;
        try
        {
            standing = await StandingAsync(facts, flowId, cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The page says it could not answer; the circuit goes on.
            logger.LogError(e, "The session behind settings flow {Flow} could not be read", flowId);
            return SettingsView.Failure(flowId);
        }
        if (!standing.SignedIn) return SettingsView.RedirectTo(standing.SignIn);
        var error = answer.Json?["error"]?["id"]?.GetValue<string>();
        return answer.Status switch
        {
            200 or 400 when answer.Json?["ui"] is JsonObject => FromFlow(answer.Json!.AsObject(), standing),
            401 => SettingsView.RedirectTo(standing.SignIn),
            403 when error == "session_refresh_required" => (before ?? new SettingsView { FlowId = flowId }) with
            {
                Status = SettingsStatus.NeedsConfirmation,
                ConfirmUrl = answer.Json?["redirect_browser_to"]?.GetValue<string>() ?? standing.Confirm,
            },
            // The identity has a second factor this session has not given yet: the aal2 sign-in step first.
            403 when error == "session_aal2_required" && answer.Json?["redirect_browser_to"]?.GetValue<string>() is { } secondFactor =>
                SettingsView.RedirectTo(secondFactor),
            403 when error == "session_passkey_enrolment_required" && before is not null => before with
            {
                Restricted = true,
                Recovered = standing.Recovered,
                Messages = [Messages.Generic(answer.Json?["error"]?["reason"]?.GetValue<string>() ?? "")],
            },
            // Another browser's or another identity's flow, or none: start afresh, as the page would.
            403 or 404 => SettingsView.RedirectTo(settings.BrowserFlowUrl(FlowKinds.Settings)),
            410 when answer.Json?["use_flow_id"]?.GetValue<Guid>() is { } replacement =>
                SettingsView.RedirectTo(FlowEngine.UiLocation(settings, settings.Options.SelfService.Flows.Settings.UiUrl, replacement)),
            _ => SettingsView.Failure(flowId),
        };
    }

    private SettingsView FromFlow(JsonObject flow, Standing standing)
    {
        var ui = flow["ui"].Deserialize<UiContainer>(KratosJsonOptions.Default) ?? new UiContainer();
        return new SettingsView
        {
            Status = standing.Privileged ? SettingsStatus.Ready : SettingsStatus.NeedsConfirmation,
            FlowId = flow["id"]!.GetValue<Guid>(),
            CsrfToken = ui.Find("csrf_token")?.Attributes.ValueText ?? "",
            State = flow["state"]?.GetValue<string>() ?? "show_form",
            Messages = ui.Messages ?? [],
            AddMessages = ui.Find("passkey_settings_register")?.Messages ?? [],
            Passkeys = ui.Nodes.Where(n => n.Name == "passkey_remove").Select(Passkey).ToList(),
            CreateOptions = ui.Find("passkey_create_data")?.Attributes.ValueText,
            CanAdd = ui.Find("passkey_register_trigger") is not null,
            Relying = RelyingOf(ui.Find("passkey_create_data")?.Attributes.ValueText),
            BackupCodes = BackupCodesOf(ui),
            SecurityKeys = SecurityKeysOf(ui),
            HasPassword = ui.Nodes.Any(n => n.Attributes.Id == "password_state"),
            CanDisablePassword = ui.Find("password_disable") is not null,
            Email = EmailOf(flow, ui),
            AsksForBackup = ui.Nodes.Any(n => n.Attributes.Id == BackupPasskeyPrompt.PromptId),
            WarnsSinglePasskey = ui.Nodes.Any(n => n.Attributes.Id == BackupPasskeyPrompt.WarningId),
            Restricted = standing.Restricted,
            Recovered = standing.Recovered,
            ConfirmUrl = standing.Confirm,
            ContinueUrl = ReturnUrls.Resolve(settings, flow["return_to"]?.GetValue<string>()),
        };
    }

    /// <summary>
    /// The lookup_secret nodes: a codes list beside "confirm" is a new set (each entry's
    /// <c>context.secret</c>); the portal's remaining node says how many saved ones are left.
    /// </summary>
    private static BackupCodesState BackupCodesOf(UiContainer ui)
    {
        var group = ui.Nodes.Where(n => n.Group == UiGroups.LookupSecret).ToList();
        if (group.Count == 0) return BackupCodesState.Off;
        var waiting = group.Any(n => n.Name == "lookup_secret_confirm");
        var list = group.FirstOrDefault(n => n.Attributes.Id == LookupSecretNodes.CodesId)?.Attributes.Text;
        var left = group.FirstOrDefault(n => n.Attributes.Id == LookupSecretNodes.RemainingId)?.Attributes.Text;
        return new BackupCodesState
        {
            Available = true,
            NewCodes = waiting && list is not null ? NewCodes(list) : [],
            Left = left,
            Low = left?.Id == LookupSecretMessages.RunningLow(0, 0).Id,
        };
    }

    /// <summary>The webauthn nodes: a "remove" per saved key, and the add trigger carrying the creation options when one may be added.</summary>
    private static SecurityKeysState SecurityKeysOf(UiContainer ui)
    {
        var keys = ui.Nodes.Where(n => n.Name == "webauthn_remove").Select(Passkey).ToList();
        var trigger = ui.Find("webauthn_register_trigger");
        if (keys.Count == 0 && trigger is null) return SecurityKeysState.Off;
        var options = trigger?.Attributes.ValueText;
        return new SecurityKeysState
        {
            Available = true,
            Keys = keys,
            CreateOptions = string.IsNullOrEmpty(options) ? null : options,
            AddMessages = ui.Find("webauthn_register")?.Messages ?? [],
        };
    }

    /// <summary>
    /// The profile group's field names the address in force; the identity's verifiable addresses say
    /// whether it is verified and which new one waits; continue_with names the flow for its code.
    /// </summary>
    private EmailState EmailOf(JsonObject flow, UiContainer ui)
    {
        var field = ui.Nodes.FirstOrDefault(n => n.Group == UiGroups.Profile && n.Name?.StartsWith("traits.", StringComparison.Ordinal) == true);
        if (field is null) return EmailState.Off;
        var address = field.Attributes.ValueText;
        var addresses = flow["identity"]?["verifiable_addresses"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var verified = addresses.Any(a => a["value"]?.GetValue<string>() == address && a["verified"]?.GetValue<bool>() == true);
        var pending = addresses.Select(a => a["value"]?.GetValue<string>()).FirstOrDefault(v => v is not null && v != address);
        var next = flow["continue_with"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(c => c["action"]?.GetValue<string>() == "show_verification_ui")?["flow"]?["url"]?.GetValue<string>();
        return new EmailState(field.Name!["traits.".Length..], address, verified, pending,
            next ?? settings.BrowserFlowUrl(FlowKinds.Verification), field.Messages);
    }

    private static List<string> NewCodes(UiText list) =>
        list.Context?.TryGetValue("secrets", out var secrets) == true && secrets is JsonElement { ValueKind: JsonValueKind.Array } entries
            ? entries.EnumerateArray()
                .Where(e => e.TryGetProperty("id", out var id) && id.GetInt32() == LookupSecretMessages.Secret("").Id)
                .Select(e => e.GetProperty("context").GetProperty("secret").GetString() ?? "").ToList()
            : [];

    private static (string, string)? RelyingOf(string? createOptions)
    {
        try
        {
            var publicKey = createOptions is null ? null : JsonNode.Parse(createOptions)?["publicKey"];
            return publicKey?["rp"]?["id"]?.GetValue<string>() is { } rpId && publicKey["user"]?["id"]?.GetValue<string>() is { } userId ? (rpId, userId) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static SavedPasskey Passkey(UiNode node)
    {
        var label = node.Meta.Label ?? UiText.Info(1050020, "Remove passkey");
        var name = Context(label, "display_name") ?? "";
        DateTime? added = DateTime.TryParse(Context(label, "added_at"), null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
        return new SavedPasskey(node.Attributes.ValueText, name, added, node.Attributes.Disabled != true, label)
        {
            Aaguid = Guid.TryParse(Context(label, "aaguid"), out var aaguid) ? aaguid : null,
            Synced = Context(label, "backed_up") is "true" or "True",
            LastUsedAt = DateTime.TryParse(Context(label, "last_used_at"), null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var used) ? used : null,
            LastUsedUserAgent = Context(label, "last_used_user_agent"),
        };
    }

    private static string? Context(UiText text, string key) =>
        text.Context?.TryGetValue(key, out var value) == true ? value is JsonElement e ? e.ToString() : value?.ToString() : null;

    private Task<Standing> StandingAsync(RequestFacts facts, Guid flowId, CancellationToken cancel) => requests.RunAsync(facts, async http =>
    {
        var sessions = http.RequestServices.GetRequiredService<SessionService>();
        var engine = http.RequestServices.GetRequiredService<FlowEngine>();
        var kind = http.RequestServices.GetRequiredService<SettingsFlow>();
        var session = await sessions.GetCurrentAsync(http);
        return new Standing(
            session is not null,
            session?.Restriction is not null,
            session?.Proofs().Any(m => m.Method == SelfService.Methods.Code.CodeRecovery.SessionMethod) == true,
            session is not null && sessions.IsPrivileged(session),
            engine.SignInFirst(kind),
            engine.RefreshLocation(FlowEngine.UiLocation(settings, kind.UiUrl(settings), flowId)));
    }, cancel);
}
