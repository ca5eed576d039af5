using App.Components.Settings;
using App.Components.Themes;
using App.Http;
using App.Sessions.Circuits;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace App.Components.Interactive;

/// <summary>What the interactive pages need besides the framework's and MudBlazor's services.</summary>
public static class InteractivePages
{
    public static IServiceCollection AddInteractivePages(this IServiceCollection services)
    {
        services.AddSingleton<InProcessRequests>();
        services.AddScoped<CircuitRequest>();
        services.AddSingleton(sp => TokenTheme.For(sp.GetRequiredService<App.Configuration.PortalSettings>(), sp.GetRequiredService<IWebHostEnvironment>()));

        services.AddSingleton<SessionCircuits>();
        services.AddScoped<CircuitEnding>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler, SessionCircuitHandler>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        services.AddHostedService<SessionCircuitSweep>();

        services.AddScoped<ISettingsFlowClient, SettingsFlowClient>();
        return services;
    }
}
