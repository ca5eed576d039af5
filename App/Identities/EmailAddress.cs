using System.Globalization;
using System.Text;

namespace App.Identities;

/// <summary>
/// Email addresses as identifiers: one canonical spelling to store and compare, and a plain
/// plausibility check that catches typos without an RFC 5322 grammar.
/// </summary>
public static class EmailAddress
{
    private const int MaxLength = 254;      // RFC 5321 path limit, as Kratos enforces it.
    private const int MaxLocalLength = 64;  // RFC 5321 local-part limit.
    private const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// Trims, lower-cases the whole address and writes an internationalised domain in its ASCII
    /// (punycode) form. Lower-casing the local part is a deliberate choice: RFC 5321 lets a mail
    /// server treat "Ann" and "ann" differently, but Kratos lower-cases whole identifiers and
    /// addresses, and no mainstream provider distinguishes them, so one account per mailbox
    /// matters more than that theoretical case.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at < 0 || at == trimmed.Length - 1) return trimmed.ToLowerInvariant();
        return trimmed[..at].ToLowerInvariant() + "@" + AsciiDomain(trimmed[(at + 1)..]);
    }

    /// <summary>
    /// True when the value looks like a deliverable address: exactly one "@", a local part of 1–64
    /// bytes without spaces, control characters or unquoted specials, and a domain with at least one
    /// dot whose labels are letters, digits and hyphens (international domains allowed). Quoted
    /// local parts and IP-literal domains are refused: valid in theory, never seen in sign-ups.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || Encoding.UTF8.GetByteCount(value) > MaxLength) return false;
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1) return false;
        return IsValidLocal(value[..at]) && IsValidDomain(value[(at + 1)..]);
    }

    private static bool IsValidLocal(string local)
    {
        if (Encoding.UTF8.GetByteCount(local) > MaxLocalLength) return false;
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
            if (c is '(' or ')' or '<' or '>' or '[' or ']' or ',' or ';' or ':' or '\\' or '"') return false;
        }
        return true;
    }

    private static bool IsValidDomain(string domain)
    {
        foreach (var c in domain)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (ascii.Length > MaxLength) return false;
        var labels = ascii.Split('.');
        if (labels.Length < 2) return false;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength || label.StartsWith('-') || label.EndsWith('-')) return false;
            foreach (var c in label)
                if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        }
        return true;
    }

    // A domain that IDNA rejects is kept lower-cased as typed; IsValid will refuse it anyway.
    private static string AsciiDomain(string domain)
    {
        try
        {
            return Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return domain.ToLowerInvariant();
        }
    }
}
