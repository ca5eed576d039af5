using MimeKit;

namespace App.Courier.Smtp;

/// <summary>
/// One message to one recipient, as the outbox stores it. <see cref="MessageId"/> is written without
/// angle brackets (<c>0f8c…@portal.example.com</c>) and is kept across retries so a receiver can tell
/// a second delivery of the same message apart from a new one.
/// </summary>
public sealed record OutgoingEmail(
    string FromAddress,
    string? FromName,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string MessageId)
{
    private static readonly ParserOptions Strict = new() { AllowAddressesWithoutDomain = false };

    /// <summary>
    /// The message as MimeKit writes it: plain text alone, or text and HTML as multipart/alternative.
    /// </summary>
    /// <exception cref="ArgumentException">A header value holds a line break, or an address is not one plain address.</exception>
    public MimeMessage ToMimeMessage(DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(Subject, nameof(Subject));
        ArgumentNullException.ThrowIfNull(TextBody, nameof(TextBody));
        RejectLineBreaks(Subject, "subject");
        RejectLineBreaks(FromName, "sender name");
        RejectLineBreaks(MessageId, "message id");
        var from = Mailbox(FromAddress, "sender address");
        if (!string.IsNullOrWhiteSpace(FromName)) from.Name = FromName;

        var message = new MimeMessage
        {
            // In UTC: MimeKit writes a negative offset that is not whole hours (-03:30) wrongly.
            Date = date.ToUniversalTime(),
            MessageId = MessageId,
            Subject = Subject,
            Body = new BodyBuilder { TextBody = TextBody, HtmlBody = HtmlBody }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(Mailbox(To, "recipient address"));
        // Quoted-printable keeps every line 7-bit and short, so no server or relay needs 8BITMIME,
        // and the text survives any relay unchanged.
        foreach (var part in message.BodyParts.OfType<TextPart>()) part.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        return message;
    }

    /// <summary>
    /// One bare address (<c>user@example.com</c>), nothing MimeKit would read more generously: no
    /// display name, no angle brackets, no list, no spaces around it.
    /// </summary>
    private static MailboxAddress Mailbox(string address, string what)
    {
        ArgumentNullException.ThrowIfNull(address, what);
        RejectLineBreaks(address, what);
        if (!MailboxAddress.TryParse(Strict, address, out var mailbox) || !string.IsNullOrEmpty(mailbox.Name) ||
            !string.Equals(mailbox.Address, address, StringComparison.Ordinal))
            throw new ArgumentException($"The {what} '{address}' is not a usable email address: write it as user@example.com alone.", "email");
        return mailbox;
    }

    /// <summary>
    /// A CR or LF in a header value could end the header and start another (header injection).
    /// MimeKit drops them from a subject but keeps them in a display name, so both are refused here.
    /// </summary>
    private static void RejectLineBreaks(string? value, string what)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException($"The {what} contains a line break, which would let it add mail headers.", "email");
    }
}
