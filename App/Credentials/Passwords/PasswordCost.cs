using System.Globalization;
using System.Text.RegularExpressions;
using App.Configuration;
using App.Credentials.Passwords.Formats;

namespace App.Credentials.Passwords;

/// <summary>Reads <c>hashers.argon2</c> into the cost of the portal's own hashes, or says what is wrong with it.</summary>
public static partial class PasswordCost
{
    [GeneratedRegex(@"^(\d+)\s*(KB|KiB|MB|MiB|GB|GiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex Size();

    public static (Argon2Cost? Cost, ConfigError? Problem) Read(Argon2Options options)
    {
        const string key = "hashers.argon2";
        var match = Size().Match(options.Memory.Trim());
        if (!match.Success)
            return (null, new($"{key}.memory", $"'{options.Memory}' is not a memory size.", "Use a size such as 64MB or 19MiB (MB counts 1024 KiB, as in Kratos)."));
        var kib = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * char.ToUpperInvariant(match.Groups[2].Value[0]) switch
        {
            'K' => 1L,
            'M' => 1024L,
            _ => 1024L * 1024,
        };
        if (kib < 8 * Math.Max(1, options.Parallelism) || kib > 1024 * 1024)
            return (null, new($"{key}.memory", $"'{options.Memory}' is outside 8KiB per lane to 1GB.", "Use at least 19MiB, as OWASP advises, and at most 1GB."));
        if (options.Iterations is < 1 or > 64) return (null, new($"{key}.iterations", $"{options.Iterations} is not from 1 to 64.", "Use 1 to 4."));
        if (options.Parallelism is < 1 or > 64) return (null, new($"{key}.parallelism", $"{options.Parallelism} is not from 1 to 64.", "Use 1, or the number of cores a sign-in may use."));
        if (options.SaltLength < 16) return (null, new($"{key}.salt_length", "The salt is shorter than 16 bytes.", "Use 16."));
        if (options.KeyLength is < 16 or > 64) return (null, new($"{key}.key_length", "The key length is not from 16 to 64 bytes.", "Use 32."));
        return (new Argon2Cost((int)kib, options.Iterations, options.Parallelism, options.SaltLength, options.KeyLength), null);
    }
}
