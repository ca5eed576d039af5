using App.Components.Settings;
using App.Components.Themes;
using App.Http;
using App.Sessions.Circuits;
using Microsoft.AspNetCore.Components;
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

    /// <summary>
    /// Once a server render mode is mapped, the framework ends every page with its protected state
    /// for a circuit (and sets an antiforgery cookie to fill it), about 1.2 kB that a public page,
    /// which never starts a circuit, does not need. A page without [InteractivePage] is told it
    /// may render no interactive component, and so writes no such state.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder KeepPublicPagesStatic(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<InteractivePageAttribute>().Any()) return;
            // The framework's own metadata for the render modes an endpoint may render; it is not
            // public, so it is found by name. Should that change, public pages just keep the state
            // (StaticPagesTests says so).
            var index = endpoint.Metadata.ToList().FindIndex(m => m.GetType().FullName == "Microsoft.AspNetCore.Components.Endpoints.ConfiguredRenderModesMetadata");
            if (index < 0) return;
            var type = endpoint.Metadata[index].GetType();
            if (type.GetConstructor(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(IComponentRenderMode[])]) is { } create)
                endpoint.Metadata[index] = create.Invoke([Array.Empty<IComponentRenderMode>()]);
        });
        return pages;
    }
}
