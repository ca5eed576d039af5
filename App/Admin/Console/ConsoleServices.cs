using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Admin.Console;

public static class ConsoleServices
{
    /// <summary>
    /// The admin console's parts. No <see cref="IRecoveryIssuer"/> is registered here; the backup-code
    /// count is a default that answers 0 unless the portal registered a real one first.
    /// </summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddConsoleCeremonies();
        services.AddSingleton<ConsoleAccess>();
        services.AddScoped<ConsoleSessions>();
        services.AddScoped<ConsoleGate>();
        services.AddScoped<ConsoleSignIn>();
        services.AddScoped<ConsoleQueries>();
        services.AddScoped<IdentitySearch>();
        services.AddScoped<IdentityStateChanges>();
        services.TryAddScoped<IBackupCodesLeft, NoBackupCodes>();
        services.AddScoped<IAdminConsole, ConsoleActions>();
        return services;
    }
}
