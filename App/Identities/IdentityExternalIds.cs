namespace App.Identities;

/// <summary>What an operator's own id for an identity (<c>external_id</c>) may be.</summary>
public static class IdentityExternalIds
{
    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="value"/> is acceptable ("" means none), else why not.</summary>
    public static string? Problem(string value) =>
        value.Length > MaxLength ? $"external_id must be at most {MaxLength} characters."
        : value.Any(char.IsControl) ? "external_id must not contain control characters."
        : null;
}
