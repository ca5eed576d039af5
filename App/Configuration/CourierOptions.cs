using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>Kratos <c>courier</c>: the outbox and how it is delivered.</summary>
public sealed class CourierOptions
{
    [ConfigurationKeyName("smtp")] public SmtpOptions Smtp { get; set; } = new();
    /// <summary>Delivery attempts before a message is abandoned. Default 5.</summary>
    [ConfigurationKeyName("message_retries")] public int MessageRetries { get; set; } = 5;
    /// <summary>A folder whose <c>&lt;template&gt;/&lt;valid|invalid&gt;/email.*.gotmpl</c> files replace the built-in ones.</summary>
    [ConfigurationKeyName("template_override_path")] public string? TemplateOverridePath { get; set; }
    [ConfigurationKeyName("worker")] public CourierWorkerOptions Worker { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>
    /// <c>smtp://user:pass@host:587/</c> (STARTTLS), <c>smtps://…:465/</c> (implicit TLS),
    /// <c>?disable_starttls=true</c> for a local server. Empty: no email leaves the machine; in
    /// development the outbox is shown at <c>/dev/mailbox</c>.
    /// </summary>
    [ConfigurationKeyName("connection_uri")] public string? ConnectionUri { get; set; }
    [ConfigurationKeyName("from_address")] public string FromAddress { get; set; } = "no-reply@localhost";
    [ConfigurationKeyName("from_name")] public string? FromName { get; set; }
}

public sealed class CourierWorkerOptions
{
    /// <summary>How often the worker looks for due messages when nothing wakes it. Default 1s.</summary>
    [ConfigurationKeyName("poll_interval")] public string PollInterval { get; set; } = "1s";
    /// <summary>The wait before the first retry; it doubles with each failure, up to 10 minutes. Default 5s.</summary>
    [ConfigurationKeyName("retry_backoff")] public string RetryBackoff { get; set; } = "5s";
}

/// <summary>Kratos <c>secrets</c>: keys for HMACs. The first is used; all are accepted.</summary>
public sealed class SecretsOptions
{
    /// <summary>At least 32 characters each. Empty: a random key is made once and kept in the database.</summary>
    [ConfigurationKeyName("default")] public List<string> Default { get; set; } = [];
}
