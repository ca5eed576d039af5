using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace App.Courier.Smtp;

/// <summary>
/// Writes an <see cref="OutgoingEmail"/> as an RFC 5322 message with MIME bodies. The result is
/// 7-bit ASCII with CRLF line endings (non-ASCII text goes into RFC 2047 encoded-words and
/// quoted-printable), so any SMTP server takes it without the 8BITMIME or SMTPUTF8 extensions.
/// </summary>
public static class MimeWriter
{
    private const string Crlf = "\r\n";

    /// <summary>RFC 5322 §2.1.1: lines SHOULD be at most 78 characters.</summary>
    private const int HeaderLineLimit = 78;

    /// <summary>RFC 2047 §2: a header line holding an encoded-word is at most 76 characters.</summary>
    private const int EncodedLineLimit = 76;

    /// <summary>RFC 2045 §6.7 (5): encoded lines are at most 76 characters, a soft break's "=" included.</summary>
    private const int QuotedPrintableLimit = 76;

    public static byte[] Write(OutgoingEmail email, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(email.Subject, nameof(email));
        ArgumentNullException.ThrowIfNull(email.TextBody, nameof(email));
        var from = NormalizeAddress(email.FromAddress, "sender address");
        var to = NormalizeAddress(email.To, "recipient address");
        RejectLineBreaks(email.FromName, "sender name");
        RejectLineBreaks(email.Subject, "subject");
        var messageId = CheckMessageId(email.MessageId);

        var sb = new StringBuilder();
        sb.Append("Date: ").Append(FormatDate(date)).Append(Crlf);
        AppendFrom(sb, email.FromName, from);
        sb.Append("To: ").Append(to).Append(Crlf);
        AppendUnstructured(sb, "Subject", email.Subject);
        sb.Append("Message-ID: <").Append(messageId).Append('>').Append(Crlf);
        sb.Append("MIME-Version: 1.0").Append(Crlf);

        if (email.HtmlBody is null)
        {
            AppendPart(sb, "text/plain", email.TextBody);
        }
        else
        {
            // "=_" cannot occur in quoted-printable output ("=" is always followed by hex digits or
            // a line break), so the boundary cannot collide with the parts (RFC 2046 §5.1.1).
            var boundary = "=_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            sb.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append('"').Append(Crlf);
            sb.Append(Crlf);
            // RFC 2046 §5.1.4: the last part is the preferred one, so plain text comes first.
            sb.Append("--").Append(boundary).Append(Crlf);
            AppendPart(sb, "text/plain", email.TextBody);
            sb.Append("--").Append(boundary).Append(Crlf);
            AppendPart(sb, "text/html", email.HtmlBody);
            sb.Append("--").Append(boundary).Append("--").Append(Crlf);
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Checks an address and returns it as it goes into headers and the SMTP envelope: an
    /// internationalised domain becomes its A-label (RFC 5890) and a local part that is not a
    /// dot-atom is quoted (RFC 5322 §3.4.1). Non-ASCII local parts would need SMTPUTF8 and are refused.
    /// </summary>
    internal static string NormalizeAddress(string address, string what)
    {
        ArgumentNullException.ThrowIfNull(address, what);
        RejectLineBreaks(address, what);
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1)
            throw Invalid(address, what, "it needs exactly one @ with text on both sides.");
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Any(c => c > '\x7f'))
            throw Invalid(address, what, "a non-ASCII part before the @ needs SMTPUTF8, which this sender does not use.");
        if (!local.All(c => IsAtext(c) || c == '.'))
            throw Invalid(address, what, "the part before the @ may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~.");
        if (local.Length > 64) throw Invalid(address, what, "the part before the @ is longer than 64 characters (RFC 5321 §4.5.3.1.1).");

        if (domain.Any(c => c > '\x7f'))
        {
            try { domain = new IdnMapping().GetAscii(domain); }
            catch (ArgumentException) { throw Invalid(address, what, "the domain is not a valid internationalised domain name."); }
        }
        if (domain.Length > 253 || domain.Split('.').Any(label => label.Length is 0 or > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw Invalid(address, what, "the domain must be labels of letters, digits and hyphens separated by single dots.");

        var dotAtom = !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal);
        return (dotAtom ? local : "\"" + local + "\"") + "@" + domain;
    }

    private static ArgumentException Invalid(string address, string what, string problem) =>
        new($"The {what} '{address}' is not a usable email address: {problem}", "email");

    /// <summary>A CR or LF in a header value would end the header and let the value add its own (header injection).</summary>
    private static void RejectLineBreaks(string? value, string what)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException($"The {what} contains a line break, which would let it add mail headers.", "email");
    }

    /// <summary>RFC 5322 §3.6.4: msg-id is "&lt;" id-left "@" id-right "&gt;"; this takes the part inside the brackets.</summary>
    private static string CheckMessageId(string? messageId)
    {
        RejectLineBreaks(messageId, "message id");
        var at = messageId?.IndexOf('@') ?? -1;
        if (messageId is null || messageId.Length > 250 || at <= 0 || at == messageId.Length - 1 || at != messageId.LastIndexOf('@') ||
            !messageId.All(c => c == '@' || c == '.' || IsAtext(c)))
            throw new ArgumentException("The message id must look like 'unique@host', without angle brackets or spaces.", "email");
        return messageId;
    }

    /// <summary>RFC 5322 §3.3, for example <c>Tue, 01 Jul 2025 09:05:00 +0200</c>.</summary>
    private static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
               sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A display name made only of atoms is written as it is; anything else (specials, non-ASCII,
    /// odd spacing) goes into encoded-words, which RFC 2047 §5 (3) allows in a phrase.
    /// </summary>
    private static void AppendFrom(StringBuilder sb, string? name, string address)
    {
        sb.Append("From: ");
        var column = "From: ".Length;
        if (string.IsNullOrWhiteSpace(name))
        {
            sb.Append(address).Append(Crlf);
            return;
        }
        var mailbox = "<" + address + ">";
        var atoms = name.Split(' ').All(word => word.Length > 0 && word.All(IsAtext));
        if (atoms && CanWriteRaw(name, column))
        {
            AppendFolded(sb, name + " " + mailbox, column);
        }
        else
        {
            column = AppendEncodedWords(sb, name, column);
            sb.Append(column + 1 + mailbox.Length <= HeaderLineLimit ? " " : Crlf + " ").Append(mailbox);
        }
        sb.Append(Crlf);
    }

    private static void AppendUnstructured(StringBuilder sb, string name, string value)
    {
        sb.Append(name).Append(':');
        if (value.Length > 0)
        {
            sb.Append(' ');
            var column = name.Length + 2;
            if (CanWriteRaw(value, column)) AppendFolded(sb, value, column);
            else AppendEncodedWords(sb, value, column);
        }
        sb.Append(Crlf);
    }

    /// <summary>
    /// Text can go into a header unencoded when it is printable ASCII, does not look like an
    /// encoded-word, has no whitespace at its ends (which unfolding would not keep) and can be
    /// folded so that every line stays within 78 characters.
    /// </summary>
    private static bool CanWriteRaw(string value, int column) =>
        value.All(c => c is (>= ' ' and <= '~') or '\t') &&
        !value.Contains("=?", StringComparison.Ordinal) &&
        !IsWhiteSpace(value[0]) && !IsWhiteSpace(value[^1]) &&
        Segments(value).Select((segment, i) => segment.Length + (i == 0 ? column : 0)).All(length => length <= HeaderLineLimit);

    /// <summary>RFC 5322 §2.2.3: fold by putting CRLF before whitespace, so unfolding (removing the CRLF) restores the text exactly.</summary>
    private static void AppendFolded(StringBuilder sb, string value, int column)
    {
        var first = true;
        foreach (var segment in Segments(value))
        {
            if (!first && column + segment.Length > HeaderLineLimit)
            {
                sb.Append(Crlf);
                column = 0;
            }
            sb.Append(segment);
            column += segment.Length;
            first = false;
        }
    }

    /// <summary>Splits text before each run of whitespace: "a b  c" gives "a", " b", "  c".</summary>
    private static IEnumerable<string> Segments(string value)
    {
        var start = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (IsWhiteSpace(value[i]) && !IsWhiteSpace(value[i - 1]))
            {
                yield return value[start..i];
                start = i;
            }
        }
        yield return value[start..];
    }

    /// <summary>
    /// Writes <c>=?utf-8?B?…?=</c> words on lines of at most 76 characters. Each word holds whole
    /// characters, as RFC 2047 §5 requires, and the folding whitespace between adjacent words is
    /// dropped by decoders (§6.2), so the text survives exactly. Returns the column after the last word.
    /// </summary>
    private static int AppendEncodedWords(StringBuilder sb, string text, int column)
    {
        const string Prefix = "=?utf-8?B?", Suffix = "?=";
        var pending = new byte[64];
        var count = 0;
        var rune = new byte[4];
        foreach (var r in text.EnumerateRunes())
        {
            var length = r.EncodeToUtf8(rune);
            var room = (EncodedLineLimit - column - Prefix.Length - Suffix.Length) / 4 * 3;
            if (count + length > room)
            {
                if (count > 0) column = Flush();
                sb.Append(Crlf).Append(' ');
                column = 1;
            }
            rune.AsSpan(0, length).CopyTo(pending.AsSpan(count));
            count += length;
        }
        return count > 0 ? Flush() : column;

        int Flush()
        {
            var word = Prefix + Convert.ToBase64String(pending, 0, count) + Suffix;
            sb.Append(word);
            count = 0;
            return column + word.Length;
        }
    }

    private static void AppendPart(StringBuilder sb, string mediaType, string text)
    {
        sb.Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8").Append(Crlf);
        sb.Append("Content-Transfer-Encoding: quoted-printable").Append(Crlf);
        sb.Append(Crlf);
        AppendQuotedPrintable(sb, text);
        // Ends the last line; before a boundary this CRLF belongs to the delimiter (RFC 2046 §5.1.1).
        sb.Append(Crlf);
    }

    /// <summary>
    /// Quoted-printable as RFC 2045 §6.7 defines it, over the UTF-8 bytes of each line. Line breaks
    /// of any kind become CRLF. Whitespace at the end of a line is encoded because transports may strip
    /// it; "From " at the start of a line is encoded because mbox storage would prefix it with "&gt;".
    /// A leading "." is left to SMTP dot-stuffing.
    /// </summary>
    internal static void AppendQuotedPrintable(StringBuilder sb, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) sb.Append(Crlf);
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            var column = 0;
            for (var j = 0; j < bytes.Length; j++)
            {
                var b = bytes[j];
                var literal = b is (>= 33 and <= 126 and not (byte)'=') || (b is (byte)' ' or (byte)'\t' && j < bytes.Length - 1);
                // Leave room for the "=" of a soft line break, and never split an "=XX".
                if (column + (literal ? 1 : 3) > QuotedPrintableLimit - 1)
                {
                    sb.Append('=').Append(Crlf);
                    column = 0;
                }
                if (column == 0 && bytes.AsSpan(j).StartsWith("From "u8)) literal = false;
                if (literal) sb.Append((char)b);
                else sb.Append('=').Append(Convert.ToHexString([b]));
                column += literal ? 1 : 3;
            }
        }
    }

    /// <summary>RFC 5322 §3.2.3 atext: the characters an atom may hold.</summary>
    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t';
}
