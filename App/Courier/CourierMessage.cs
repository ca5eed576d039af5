namespace App.Courier;

/// <summary>
/// One email in the outbox (Kratos <c>courier.Message</c>). It is written in the same transaction
/// as the change that caused it, so a code is never issued without its email, and delivered later
/// by <see cref="CourierWorker"/>.
/// </summary>
public sealed class CourierMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Always <c>email</c> here; Kratos also knows <c>sms</c>.</summary>
    public string Type { get; set; } = "email";
    public string Status { get; set; } = CourierStatuses.Queued;
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The plain-text body.</summary>
    public string Body { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>Kratos template type, such as <c>login_code_valid</c>.</summary>
    public string TemplateType { get; set; } = "";
    /// <summary>Delivery attempts made so far.</summary>
    public int SendCount { get; set; }
    /// <summary>Not tried again before this time (backoff after a failure).</summary>
    public DateTime NextAttemptAt { get; set; }
    /// <summary>While <see cref="CourierStatuses.Processing"/>, the claim lasts until then; a worker that died leaves it to expire.</summary>
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>The identity the message is about, when there is one: its language, and the admin view.</summary>
    public Guid? IdentityId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<CourierDispatch> Dispatches { get; set; } = [];
}

/// <summary>One delivery attempt and how it ended (Kratos <c>courier.MessageDispatch</c>).</summary>
public sealed class CourierDispatch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MessageId { get; set; }
    /// <summary><c>success</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "";
    /// <summary>What went wrong, as JSON <c>{"message": …}</c>; null on success.</summary>
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class CourierStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Sent = "sent";
    public const string Abandoned = "abandoned";
}
