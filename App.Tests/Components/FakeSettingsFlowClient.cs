using App.Components.Settings;
using App.SelfService.Ui;

namespace App.Tests.Components;

/// <summary>
/// Answers the settings page as the flow would, from views a test sets up, and records what the
/// page submitted: the page's rendering is under test here, the engine's rules elsewhere.
/// </summary>
internal sealed class FakeSettingsFlowClient : ISettingsFlowClient
{
    public static readonly Guid FlowId = Guid.Parse("0b1d2c8e-6b5f-4a43-9d3c-2f0f5c7e9a10");

    public Queue<SettingsView> Loads { get; } = new();
    public SettingsView Current { get; set; } = Ready();
    public List<string> Added { get; } = [];
    public List<string> Removed { get; } = [];
    public Func<SettingsView, string, SettingsView>? OnAdd { get; set; }
    public Func<SettingsView, string, SettingsView>? OnRemove { get; set; }
    public Func<SettingsView, SettingsView>? OnGenerateBackupCodes { get; set; }
    public Func<SettingsView, SettingsView>? OnConfirmBackupCodes { get; set; }
    public List<(string Id, string Name)> Renamed { get; } = [];
    public List<string> BackupTargets { get; } = [];
    public int BackupDeclines { get; private set; }
    public Func<SettingsView, string, string, SettingsView>? OnRename { get; set; }
    public Func<SettingsView, string, SettingsView>? OnAskForBackup { get; set; }
    public int BackupCodeGenerations { get; private set; }
    public int BackupCodeConfirmations { get; private set; }
    public List<OtherSession> Sessions { get; } = [];

    public static SavedPasskey Passkey(string id, string name, bool removable = true) =>
        new(id, name, new DateTime(2026, 11, 28, 9, 30, 0, DateTimeKind.Utc), removable, Messages.RemovePasskey(name, new DateTime(2026, 11, 28)));

    public static SettingsView Ready(params SavedPasskey[] passkeys) => new()
    {
        Status = SettingsStatus.Ready,
        FlowId = FlowId,
        CsrfToken = "token",
        Passkeys = passkeys,
        CreateOptions = """{"publicKey":{"challenge":"AAAA"}}""",
        CanAdd = true,
        ConfirmUrl = "http://localhost:4455/self-service/login/browser?refresh=true",
        ContinueUrl = "http://localhost:4455/welcome",
    };

    public Task<SettingsView> LoadAsync(Guid flowId, CancellationToken cancel = default) =>
        Task.FromResult(Current = Loads.Count > 0 ? Loads.Dequeue() : Current);

    public Task<SettingsView> AddPasskeyAsync(SettingsView view, string credentialJson)
    {
        Added.Add(credentialJson);
        return Task.FromResult(Current = OnAdd?.Invoke(view, credentialJson) ?? view);
    }

    public Task<SettingsView> RemovePasskeyAsync(SettingsView view, string passkeyId)
    {
        Removed.Add(passkeyId);
        return Task.FromResult(Current = OnRemove?.Invoke(view, passkeyId) ?? view);
    }

    public List<(string Credential, string Name)> AddedKeys { get; } = [];
    public List<string> RemovedKeys { get; } = [];
    public Func<SettingsView, string, string, SettingsView>? OnAddKey { get; set; }

    public Task<SettingsView> AddSecurityKeyAsync(SettingsView view, string credentialJson, string name)
    {
        AddedKeys.Add((credentialJson, name));
        return Task.FromResult(Current = OnAddKey?.Invoke(view, credentialJson, name) ?? view);
    }

    public Task<SettingsView> RemoveSecurityKeyAsync(SettingsView view, string keyId)
    {
        RemovedKeys.Add(keyId);
        return Task.FromResult(Current = view);
    }

    public Task<SettingsView> RenamePasskeyAsync(SettingsView view, string passkeyId, string name)
    {
        Renamed.Add((passkeyId, name));
        return Task.FromResult(Current = OnRename?.Invoke(view, passkeyId, name) ?? view);
    }

    public Task<SettingsView> AskForBackupAsync(SettingsView view, string target)
    {
        BackupTargets.Add(target);
        return Task.FromResult(Current = OnAskForBackup?.Invoke(view, target) ?? view);
    }

    public Task<SettingsView> DeclineBackupAsync(SettingsView view)
    {
        BackupDeclines++;
        return Task.FromResult(Current = view with { AsksForBackup = false, State = "success" });
    }

    public Task<SettingsView> GenerateBackupCodesAsync(SettingsView view)
    {
        BackupCodeGenerations++;
        return Task.FromResult(Current = OnGenerateBackupCodes?.Invoke(view) ?? view);
    }

    public int PasswordDisables { get; private set; }

    public Task<SettingsView> DisablePasswordAsync(SettingsView view)
    {
        PasswordDisables++;
        return Task.FromResult(Current = view with { HasPassword = false, CanDisablePassword = false, State = "success" });
    }

    public List<string> SavedEmails { get; } = [];
    public Func<SettingsView, string, SettingsView>? OnSaveEmail { get; set; }

    public Task<SettingsView> SaveEmailAsync(SettingsView view, string email)
    {
        SavedEmails.Add(email);
        return Task.FromResult(Current = OnSaveEmail?.Invoke(view, email) ?? view);
    }

    public Task<SettingsView> ConfirmBackupCodesAsync(SettingsView view)
    {
        BackupCodeConfirmations++;
        return Task.FromResult(Current = OnConfirmBackupCodes?.Invoke(view) ?? view);
    }

    public Task<IReadOnlyList<OtherSession>?> OtherSessionsAsync(CancellationToken cancel = default) =>
        Task.FromResult<IReadOnlyList<OtherSession>?>(Sessions.ToList());

    public Task<bool> SignOutAsync(Guid sessionId) => Task.FromResult(Sessions.RemoveAll(s => s.Id == sessionId) == 1);

    public Task<int?> SignOutEverywhereElseAsync()
    {
        var count = Sessions.Count;
        Sessions.Clear();
        return Task.FromResult<int?>(count);
    }
}
