namespace App.Identities.Schema;

/// <summary>
/// A pragmatic international number check: "+", then 7 to 15 digits (E.164's limit), allowing
/// the spaces, dots, dashes and parentheses people type. Kratos uses libphonenumber, which also
/// knows per-country lengths; this catches what a person mistypes without that database.
/// </summary>
internal static class PhoneNumber
{
    public static bool IsValid(string value)
    {
        if (!value.StartsWith('+')) return false;
        var digits = 0;
        foreach (var c in value.AsSpan(1))
        {
            if (char.IsAsciiDigit(c)) { if (digits == 0 && c == '0') return false; digits++; }
            else if (c is not (' ' or '-' or '.' or '(' or ')')) return false;
        }
        return digits is >= 7 and <= 15;
    }
}
