namespace App.Admin.Console;

public static class ConsoleServices
{
    /// <summary>The admin console's parts; what it does is the admin services', registered with the portal's.</summary>
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
        services.AddScoped<IAdminConsole, ConsoleActions>();
        return services;
    }
}
