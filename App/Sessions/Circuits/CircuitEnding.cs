namespace App.Sessions.Circuits;

/// <summary>
/// One circuit's end, asked for when its session ended. The page the circuit runs carries it out
/// (it sends the browser to sign in and tears the circuit down), because only a component can.
/// </summary>
public sealed class CircuitEnding
{
    private Func<Task>? handler;

    public bool Requested { get; private set; }

    /// <summary>The page's way to end the circuit; run at once if the end was asked for already.</summary>
    public Task OnRequestedAsync(Func<Task> end)
    {
        handler = end;
        return Requested ? end() : Task.CompletedTask;
    }

    public Task RequestAsync()
    {
        Requested = true;
        return handler?.Invoke() ?? Task.CompletedTask;
    }
}
