using App.Admin;
using App.Admin.Console;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Browser;

/// <summary>
/// The console with a recovery service registered, as it will be once recovery by an administrator
/// ships, so "Issue recovery link" and its dialog can be seen in the browser.
/// </summary>
public sealed class RecoveryConsoleFixture : ConsoleBrowserFixture
{
    protected override PortalFactory StartPortal() =>
        PortalFactory.StartKestrelWithAdmin(extraServices: s => s.AddSingleton<IRecoveryIssuer, ShownRecovery>());

    private sealed class ShownRecovery(TimeProvider clock) : IRecoveryIssuer
    {
        public Task<AdminOutcome<IssuedRecovery>> IssueAsync(Guid identityId, string reason, TimeSpan expiresIn, string? adminId) =>
            Task.FromResult(AdminOutcome<IssuedRecovery>.Ok(new IssuedRecovery(
                $"http://localhost:4455/self-service/recovery?flow={Guid.NewGuid()}&token=7Hq2mXcV9kLpR4sT", "482913", clock.GetUtcNow().UtcDateTime + expiresIn)));
    }
}
