using App.Admin;
using App.Admin.Console;

namespace App.Tests.Components;

/// <summary>An admin console whose answers a test sets, and which records what it was asked to do.</summary>
public sealed class FakeAdminConsole : IAdminConsole
{
    public static readonly Guid AdminId = Guid.Parse("0193f0aa-0000-7000-8000-000000000001");
    public static readonly Guid CustomerId = Guid.Parse("0193f0aa-0000-7000-8000-000000000002");
    public static readonly Guid SessionId = Guid.Parse("0193f0aa-0000-7000-8000-000000000003");
    public static readonly DateTime Day = new(2026, 11, 28, 9, 30, 0, DateTimeKind.Utc);

    public ConsoleStatus Status { get; set; } = ConsoleStatus.Done;
    public List<IdentityRow> Identities { get; } = [new(CustomerId, "jane@example.com", "active", Day)];
    public IdentityOverview Overview { get; set; } = Customer();
    public string? RefuseWith { get; set; }
    public bool CanIssueRecovery { get; set; }
    public List<string> Calls { get; } = [];

    public static IdentityOverview Customer(string state = "active") => new(CustomerId, "jane@example.com", state, Day,
        [new PasskeyRow("Passkey on macOS", "iCloud Keychain", "data:image/svg+xml;base64,PHN2Zy8+", null, Day, Day.AddDays(1), Synced: true),
         new PasskeyRow("Security key", null, null, null, Day, null, Synced: false)],
        3,
        [new SessionRow(SessionId, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "192.0.2.7", Day, Day.AddDays(1), true, ["passkey"]),
         new SessionRow(Guid.NewGuid(), null, null, Day.AddDays(-3), Day.AddDays(-2), false, ["code"])],
        new AuditPage([new AuditRow(Guid.NewGuid(), Day, "login.succeeded", "identity", "192.0.2.7", """{"method":"passkey"}""")], More: true));

    private ConsoleAnswer<T> Answer<T>(string call, Func<T> value)
    {
        Calls.Add(call);
        if (Status != ConsoleStatus.Done) return new ConsoleAnswer<T>(Status);
        return RefuseWith is { } reason ? new ConsoleAnswer<T>(ConsoleStatus.Refused, default, reason) : ConsoleAnswer<T>.Ok(value());
    }

    public Task<ConsoleAnswer<ConsoleAdmin>> WhoAsync() =>
        Task.FromResult(Status != ConsoleStatus.Done ? new ConsoleAnswer<ConsoleAdmin>(Status) : ConsoleAnswer<ConsoleAdmin>.Ok(new ConsoleAdmin(AdminId, "ops@example.com", Guid.NewGuid())));

    public Task<ConsoleAnswer<IdentityPage>> SearchAsync(string? query, Guid? after = null)
    {
        Calls.Add($"search:{query}");
        return Task.FromResult(Status != ConsoleStatus.Done ? new ConsoleAnswer<IdentityPage>(Status)
            : ConsoleAnswer<IdentityPage>.Ok(new IdentityPage(Identities.Where(i => string.IsNullOrEmpty(query) || i.Email.Contains(query)).ToList(), false)));
    }

    public Task<ConsoleAnswer<IdentityOverview>> OverviewAsync(Guid identityId)
    {
        Calls.Add($"overview:{identityId}");
        return Task.FromResult(Status != ConsoleStatus.Done ? new ConsoleAnswer<IdentityOverview>(Status) : ConsoleAnswer<IdentityOverview>.Ok(Overview));
    }

    public Task<ConsoleAnswer<AuditPage>> AuditAsync(Guid identityId, Guid? after) =>
        Task.FromResult(Answer($"audit:{after}", () => new AuditPage([new AuditRow(Guid.NewGuid(), Day.AddDays(-1), "registration.succeeded", "identity", null, null)], false)));

    public Task<ConsoleAnswer<bool>> RevokeSessionAsync(Guid identityId, Guid sessionId) => Task.FromResult(Answer($"revoke:{sessionId}", () => true));
    public Task<ConsoleAnswer<int>> RevokeSessionsAsync(Guid identityId) => Task.FromResult(Answer("revoke-all", () => 1));

    public Task<ConsoleAnswer<bool>> DeactivateAsync(Guid identityId) => Task.FromResult(Answer("deactivate", () =>
    {
        Overview = Customer("inactive");
        return true;
    }));

    public Task<ConsoleAnswer<bool>> ActivateAsync(Guid identityId) => Task.FromResult(Answer("activate", () =>
    {
        Overview = Customer();
        return true;
    }));

    public Task<ConsoleAnswer<IssuedRecovery>> IssueRecoveryAsync(Guid identityId, string reason, TimeSpan expiresIn) =>
        Task.FromResult(Answer($"recovery:{reason}:{expiresIn}", () => new IssuedRecovery(Guid.Empty, "http://localhost:4455/recovery?flow=1", "482913", Day.AddHours(1))));
}
