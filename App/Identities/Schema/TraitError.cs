namespace App.Identities.Schema;

/// <summary>
/// One validation failure, shaped as a Kratos ui text message: <paramref name="MessageId"/> and
/// <paramref name="Context"/> are what the wire carries. <paramref name="Path"/> is the trait path
/// ("email", "name.first") or "" when the problem is about the traits object itself.
/// </summary>
public sealed record TraitError(string Path, int MessageId, string Text, IReadOnlyDictionary<string, object?> Context)
{
    /// <summary>The form field the message belongs to, or null for a message on the whole form.</summary>
    public string? InputName => Path.Length == 0 ? null : "traits." + Path;
}
