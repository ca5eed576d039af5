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
    string MessageId);
