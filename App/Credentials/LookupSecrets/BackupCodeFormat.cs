using System.Security.Cryptography;

namespace App.Credentials.LookupSecrets;

/// <summary>
/// What a backup code looks like. Kratos makes 8 lowercase letters and digits; these leave out the
/// characters people confuse when they copy a code from paper (0 and o, 1, i and l), so 31 symbols
/// remain: 8 of them carry 39.6 bits. With 10 live codes and at most 10 guesses per address in a
/// rate-limit window, one guess succeeds with odds of about 1 in 85 billion.
/// </summary>
public static class BackupCodeFormat
{
    public const int CodesPerSet = 10;
    public const int Length = 8;
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <summary>A fresh set of distinct codes, from the system's cryptographic random source.</summary>
    public static IReadOnlyList<string> NewSet()
    {
        var codes = new List<string>(CodesPerSet);
        while (codes.Count < CodesPerSet)
        {
            var code = RandomNumberGenerator.GetString(Alphabet, Length);
            if (!codes.Contains(code)) codes.Add(code);
        }
        return codes;
    }

    /// <summary>
    /// A typed code as it was made: case, spaces and dashes do not matter, since people group and
    /// capitalise what they copy. Overlong input is cut, so a huge value costs no more than a code.
    /// </summary>
    public static string Normalize(string? typed)
    {
        if (string.IsNullOrEmpty(typed)) return "";
        var kept = new System.Text.StringBuilder(Length);
        foreach (var c in typed.Length > 64 ? typed[..64] : typed)
            if (c is not (' ' or '-' or '\t')) kept.Append(char.ToLowerInvariant(c));
        return kept.ToString();
    }
}
