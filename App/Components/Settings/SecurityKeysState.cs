using App.SelfService.Ui;

namespace App.Components.Settings;

/// <summary>What the flow's webauthn nodes say about second-factor security keys.</summary>
public sealed record SecurityKeysState
{
    /// <summary>The section is shown: the identity may add a key, or has some.</summary>
    public bool Available { get; init; }
    /// <summary>The saved keys, each as its "remove" node describes it (always removable).</summary>
    public IReadOnlyList<SavedPasskey> Keys { get; init; } = [];
    /// <summary>Creation options for "Add security key"; null when the identity may not add one.</summary>
    public string? CreateOptions { get; init; }
    /// <summary>Why the last "Add security key" was refused, when it was.</summary>
    public IReadOnlyList<UiText> AddMessages { get; init; } = [];

    public static readonly SecurityKeysState Off = new();
}
