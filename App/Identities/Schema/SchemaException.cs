namespace App.Identities.Schema;

/// <summary>
/// Thrown when an identity schema cannot be used: it is not JSON, breaks its draft's meta-schema
/// or the ory.sh/kratos extension, or has references that resolve to nothing, to another document
/// or to themselves. Failing at load time is deliberate: an operator learns of the problem at
/// start-up, not from the first person who signs up. The message starts with the schema's id.
/// </summary>
public sealed class SchemaException : Exception
{
    public SchemaException(string message) : base(message) { }

    public SchemaException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Where in the schema document the problem is, as a JSON pointer ("#/properties/traits/...").</summary>
    public string? Pointer { get; init; }

    internal static SchemaException At(string pointer, string problem) =>
        new($"is invalid at {pointer}: {problem}") { Pointer = pointer };
}
