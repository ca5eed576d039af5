namespace App.Components.Settings;

/// <summary>
/// The settings page's way to the settings flow and the sessions API. Every call is one Kratos API
/// request, answered by the same engine the JSON API runs; the page only renders the answers.
/// </summary>
public interface ISettingsFlowClient
{
    Task<SettingsView> LoadAsync(Guid flowId, CancellationToken cancel = default);

    /// <summary>Submits a credential made by the browser (<c>passkey_settings_register</c>).</summary>
    Task<SettingsView> AddPasskeyAsync(SettingsView view, string credentialJson);

    /// <summary>Submits <c>passkey_remove</c> with the hex credential id.</summary>
    Task<SettingsView> RemovePasskeyAsync(SettingsView view, string passkeyId);

    /// <summary>Submits <c>webauthn_register</c> with its <c>webauthn_register_displayname</c>: a second-factor security key.</summary>
    Task<SettingsView> AddSecurityKeyAsync(SettingsView view, string credentialJson, string name);

    /// <summary>Submits <c>webauthn_remove</c> with the hex credential id.</summary>
    Task<SettingsView> RemoveSecurityKeyAsync(SettingsView view, string keyId);
    /// <summary>Submits <c>passkey_rename</c> with the hex credential id and <c>passkey_rename_name</c>.</summary>
    Task<SettingsView> RenamePasskeyAsync(SettingsView view, string passkeyId, string name);

    /// <summary>Submits <c>passkey_backup</c> (<c>hybrid</c> or <c>security-key</c>): creation options aimed at that kind of authenticator.</summary>
    Task<SettingsView> AskForBackupAsync(SettingsView view, string target);

    /// <summary>Submits <c>passkey_backup_later</c>: "Later" on the backup question.</summary>
    Task<SettingsView> DeclineBackupAsync(SettingsView view);

    /// <summary>Submits <c>lookup_secret_regenerate</c>: a new set of backup codes, shown once and not yet in force.</summary>
    Task<SettingsView> GenerateBackupCodesAsync(SettingsView view);

    /// <summary>Submits <c>lookup_secret_confirm</c>: "I saved them" puts the new set in force and ends the old one.</summary>
    Task<SettingsView> ConfirmBackupCodesAsync(SettingsView view);

    /// <summary>Submits <c>password_disable</c>: an imported account's password is deleted for good.</summary>
    Task<SettingsView> DisablePasswordAsync(SettingsView view);
    /// <summary>Submits the profile method with a new email: it waits for its verification code before it counts.</summary>
    Task<SettingsView> SaveEmailAsync(SettingsView view, string email);

    /// <summary>The account's other sessions, newest first; null when they could not be read.</summary>
    Task<IReadOnlyList<OtherSession>?> OtherSessionsAsync(CancellationToken cancel = default);

    /// <summary>Ends one other session (<c>DELETE /sessions/{id}</c>); false when it was not ended.</summary>
    Task<bool> SignOutAsync(Guid sessionId);

    /// <summary>Ends every other session (<c>DELETE /sessions</c>); null when that failed.</summary>
    Task<int?> SignOutEverywhereElseAsync();
}
