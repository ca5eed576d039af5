using System.Text.RegularExpressions;

namespace App.Credentials.Passwords.Formats;

/// <summary>bcrypt, <c>$2a$</c>, <c>$2b$</c> and <c>$2y$</c> (the same algorithm), verified by BCrypt.Net-Next.</summary>
public sealed partial class BcryptFormat : IPasswordHashFormat
{
    [GeneratedRegex(@"^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$")]
    private static partial Regex Shape();

    public string Name => "bcrypt";

    public bool Claims(string encoded) => encoded.StartsWith("$2a$", StringComparison.Ordinal)
        || encoded.StartsWith("$2b$", StringComparison.Ordinal) || encoded.StartsWith("$2y$", StringComparison.Ordinal);

    public string? Problem(string encoded)
    {
        var match = Shape().Match(encoded);
        if (!match.Success) return "A bcrypt hash is $2a$, $2b$ or $2y$, a two-digit cost, and 53 characters of salt and hash.";
        var cost = int.Parse(match.Groups[1].Value);
        return cost is < 4 or > 31 ? "The bcrypt cost must be between 04 and 31." : null;
    }

    // BCrypt.Net compares the whole computed string in constant time.
    public bool Verify(string encoded, string password) => BCrypt.Net.BCrypt.Verify(password, encoded);
}
