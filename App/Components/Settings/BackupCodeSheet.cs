using Microsoft.JSInterop;

namespace App.Components.Settings;

/// <summary>
/// The settings page's side of <c>js/backup-codes.js</c>: a new set of codes downloaded as a text
/// file, or printed. Both happen in the browser, from the codes the page already shows.
/// </summary>
public sealed class BackupCodeSheet(IJSRuntime js) : IAsyncDisposable
{
    public const string FileName = "backup-codes.txt";

    private Task<IJSObjectReference>? module;

    private Task<IJSObjectReference> Module => module ??= js.InvokeAsync<IJSObjectReference>("import", "/js/backup-codes.js").AsTask();

    public async Task DownloadAsync(string text) => await (await Module).InvokeVoidAsync("download", FileName, text);

    public async Task PrintAsync() => await (await Module).InvokeVoidAsync("print");

    /// <summary>The file: a heading, what the codes are for, then one code per line.</summary>
    public static string Text(string heading, string intro, IEnumerable<string> codes) =>
        string.Join("\r\n", new[] { heading, intro, "" }.Concat(codes)) + "\r\n";

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
