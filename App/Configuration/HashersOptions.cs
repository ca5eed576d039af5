using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// How the portal hashes a password itself (a cleartext import, or a rehash after sign-in), with
/// Kratos's <c>hashers.argon2</c> keys. Only argon2id is written; other formats are only verified.
/// </summary>
public sealed class HashersOptions
{
    [ConfigurationKeyName("argon2")] public Argon2Options Argon2 { get; set; } = new();
}

public sealed class Argon2Options
{
    /// <summary>Memory per hash, such as <c>64MB</c> or <c>19MiB</c> (Kratos's default is 128MB; 64MB keeps a sign-in near 100 ms on two cores).</summary>
    [ConfigurationKeyName("memory")] public string Memory { get; set; } = "64MB";
    [ConfigurationKeyName("iterations")] public int Iterations { get; set; } = 2;
    [ConfigurationKeyName("parallelism")] public int Parallelism { get; set; } = 1;
    [ConfigurationKeyName("salt_length")] public int SaltLength { get; set; } = 16;
    [ConfigurationKeyName("key_length")] public int KeyLength { get; set; } = 32;
}

/// <summary>The legacy password method: only for identities imported with a password (Kratos key <c>selfservice.methods.password</c>).</summary>
public sealed class PasswordMethodOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    [ConfigurationKeyName("config")] public PasswordMethodConfig Config { get; set; } = new();
}

public sealed class PasswordMethodConfig
{
    /// <summary>How long after the first passkey the person is asked to disable the password (Go duration, days allowed). Default 30d.</summary>
    [ConfigurationKeyName("offer_disable_after")] public string OfferDisableAfter { get; set; } = "30d";
}
