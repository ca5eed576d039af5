namespace App.Configuration;

/// <summary>One invalid setting: which key, what is wrong, and how to fix it.</summary>
public sealed record ConfigError(string Key, string Problem, string Fix)
{
    public override string ToString() => $"{Key}: {Problem} Fix: {Fix}";
}

/// <summary>Thrown at start-up so the process stops with one message naming every bad key.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<ConfigError> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
