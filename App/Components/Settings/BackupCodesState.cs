using App.SelfService.Ui;

namespace App.Components.Settings;

/// <summary>The backup codes part of the settings flow, as its lookup_secret nodes describe it.</summary>
public sealed record BackupCodesState
{
    public static readonly BackupCodesState Off = new();

    /// <summary>False when the flow has no lookup_secret nodes (the method is off): the page shows nothing of it.</summary>
    public bool Available { get; init; }
    /// <summary>A new set, shown this once and waiting for "I saved them"; empty otherwise.</summary>
    public IReadOnlyList<string> NewCodes { get; init; } = [];
    /// <summary>How many saved codes are left, in the flow's words; null when none are saved.</summary>
    public UiText? Left { get; init; }
    /// <summary>Two or fewer left: the page warns.</summary>
    public bool Low { get; init; }

    public bool Waiting => NewCodes.Count > 0;
}
