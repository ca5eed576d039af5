using System.Collections;

namespace App.Identities.Schema;

/// <summary>The outcome of validating traits: empty when they are valid.</summary>
public sealed class TraitErrors : IReadOnlyList<TraitError>
{
    private readonly IReadOnlyList<TraitError> _errors;

    public TraitErrors(IEnumerable<TraitError> errors) => _errors = errors.ToArray();

    public static TraitErrors None { get; } = new([]);

    public bool IsValid => _errors.Count == 0;

    public int Count => _errors.Count;

    public TraitError this[int index] => _errors[index];

    /// <summary>The error for one trait path, if any (there is at most one per path).</summary>
    public TraitError? For(string path) => _errors.FirstOrDefault(e => e.Path == path);

    public IEnumerator<TraitError> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
