namespace App.Audit;

/// <summary>A security-relevant event. Append-only.</summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime At { get; set; }
    public string Type { get; set; } = "";
    public Guid? IdentityId { get; set; }
    /// <summary>Who caused it (<see cref="AuditActor"/>): <c>identity</c>, <c>admin:&lt;name&gt;</c> or <c>system</c>.</summary>
    public string Actor { get; set; } = AuditActor.System;
    public Guid? SessionId { get; set; }
    public Guid? FlowId { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    /// <summary>JSON with event-specific details; never secrets.</summary>
    public string? Details { get; set; }
}
