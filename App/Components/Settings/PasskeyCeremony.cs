using Microsoft.JSInterop;

namespace App.Components.Settings;

/// <summary>What the browser answered to "make a passkey": the credential's JSON, or the name of the WebAuthn error.</summary>
public sealed record CreatedPasskey(string? Credential, string? Error);

/// <summary>
/// The settings page's side of <c>js/passkey-settings.js</c>, which calls <c>js/passkeys.js</c>
/// (the one caller of <c>navigator.credentials</c>). A credential the browser made is kept there,
/// per flow, until the server has answered it, so a dropped circuit or a reload loses nothing.
/// </summary>
public sealed class PasskeyCeremony(IJSRuntime js) : IAsyncDisposable
{
    /// <summary>The user may take a while at the authenticator; the WebAuthn timeout ends it first.</summary>
    private static readonly TimeSpan CeremonyTimeout = TimeSpan.FromMinutes(10);

    private Task<IJSObjectReference>? module;

    private Task<IJSObjectReference> Module => module ??= js.InvokeAsync<IJSObjectReference>("import", "/js/passkey-settings.js").AsTask();

    public async Task<CreatedPasskey> CreateAsync(string creationOptions, Guid flowId, CancellationToken cancel = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(CeremonyTimeout);
        return await (await Module).InvokeAsync<CreatedPasskey>("createPasskey", limit.Token, creationOptions, Key(flowId));
    }

    /// <summary>A credential made for this flow whose submission was never answered, if any.</summary>
    public async Task<string?> PendingAsync(Guid flowId) => await (await Module).InvokeAsync<string?>("pendingPasskey", Key(flowId));

    /// <summary>The server answered: the credential is saved, or refused for good.</summary>
    public async Task ForgetAsync(Guid flowId) => await (await Module).InvokeVoidAsync("forgetPasskey", Key(flowId));

    /// <summary>Signal API: the passkeys this account still signs in with (the browser drops the others it has).</summary>
    public Task SignalAcceptedAsync(string rpId, string userId, IReadOnlyList<string> credentialIds) =>
        SignalAsync("portalPasskeys.signalAllAcceptedCredentials", rpId, userId, credentialIds);

    /// <summary>Signal API: a passkey that was just removed here.</summary>
    public Task SignalRemovedAsync(string rpId, string credentialId) =>
        SignalAsync("portalPasskeys.signalUnknownCredential", rpId, credentialId);

    /// <summary>Signal API: the account's name in force now (after an email change), shown by the provider beside its passkeys.</summary>
    public Task SignalUserDetailsAsync(string rpId, string userId, string name) =>
        SignalAsync("portalPasskeys.signalCurrentUserDetails", rpId, userId, name, name);

    private async Task SignalAsync(string function, params object[] arguments)
    {
        try
        {
            await js.InvokeVoidAsync(function, arguments);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // A hint to the browser's credential provider; the page works the same without it.
        }
    }

    private static string Key(Guid flowId) => flowId.ToString();

    public async ValueTask DisposeAsync()
    {
        if (module is null) return;
        try
        {
            await (await module).DisposeAsync();
        }
        catch (Exception e) when (e is JSDisconnectedException or JSException or TaskCanceledException)
        {
        }
    }
}
