using System.Globalization;
using System.Text;

namespace App.Identities.Schema;

/// <summary>
/// Kratos builds its validation texts with Go's fmt verbs (%q, %v). Clients match on these texts,
/// so the two verbs are reproduced here for the values identity schemas produce.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's %q for a string (strconv.Quote): double quotes, backslash escapes, printable Unicode kept.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f) sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    else if (IsPrintable(rune)) sb.Append(rune.ToString());
                    else if (rune.Value <= 0xFFFF) sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    /// <summary>
    /// Go's %v for a float64: the shortest digits that round-trip, in plain notation unless the
    /// decimal exponent is below -4 or at least 6, then as 1.5e+06.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "+Inf" : "-Inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";

        // "E16" is not shortest; "R" is, but in either notation. Normalise "R" to digits + exponent.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var intPart = dot < 0 ? r : r[..dot];
        var digits = (intPart + (dot < 0 ? "" : r[(dot + 1)..])).TrimStart('0');
        var leadingZeros = (intPart + (dot < 0 ? "" : r[(dot + 1)..])).Length - digits.Length;
        // Position of the decimal point relative to the first significant digit.
        var point = intPart.Length + exponent - leadingZeros;
        digits = digits.TrimEnd('0');

        var sign = negative ? "-" : "";
        var exp = point - 1;
        if (exp < -4 || exp >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var expText = Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{(exp < 0 ? '-' : '+')}{expText}";
        }
        if (point <= 0) return sign + "0." + new string('0', -point) + digits;
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
        return sign + digits[..point] + "." + digits[point..];
    }
}
