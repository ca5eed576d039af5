using System.Globalization;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// Pieces of the PHC string format (<c>$id$params$salt$hash</c>) as Kratos and others write it:
/// base64 with or without padding, and <c>k=v,k=v</c> parameter lists.
/// </summary>
internal static class Phc
{
    /// <summary>Standard base64, padded or not (Kratos pads scrypt's, not argon2's or pbkdf2's).</summary>
    public static byte[]? Base64(string text)
    {
        if (text.Length == 0 || text.Contains('-') || text.Contains('_')) return null;
        var padded = text.TrimEnd('=');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try { return Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
    }

    /// <summary>The named integers of a <c>k=v,k=v</c> list, in this order and no others; null when it differs.</summary>
    public static long[]? Parameters(string text, params string[] names)
    {
        var parts = text.Split(',');
        if (parts.Length != names.Length) return null;
        var values = new long[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var pair = parts[i].Split('=', 2);
            if (pair.Length != 2 || pair[0] != names[i]) return null;
            if (!long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out values[i])) return null;
        }
        return values;
    }
}
