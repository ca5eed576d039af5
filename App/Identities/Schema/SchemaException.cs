namespace App.Identities.Schema;

/// <summary>
/// Thrown when an identity schema cannot be used: it is not JSON, breaks the ory.sh/kratos
/// extension, or uses JSON-Schema keywords this subset does not implement. Failing at load time
/// is deliberate: silently ignoring a keyword would accept traits the operator meant to reject.
/// </summary>
public sealed class SchemaException : Exception
{
    public SchemaException(string message) : base(message) { }

    public SchemaException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Where in the schema document the problem is, as a JSON pointer ("#/properties/traits/...").</summary>
    public string? Pointer { get; init; }

    internal static SchemaException At(string pointer, string problem) =>
        new($"Identity schema is invalid at {pointer}: {problem}") { Pointer = pointer };
}
