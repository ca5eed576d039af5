using Yarp.ReverseProxy.Health;

namespace LoadBalancer;

/// <summary>
/// A reverse proxy in front of portal instances that share one PostgreSQL database:
/// <c>dotnet LoadBalancer.dll --urls http://127.0.0.1:4400 --destinations http://127.0.0.1:4455,http://127.0.0.1:4456</c>.
/// Each setting may also come from the environment (<c>destinations=…</c>, <c>urls=…</c>).
/// </summary>
public static class Balancer
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Not the working directory: run from the repository root, it would read the portal's appsettings.json.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // YARP logs every proxied request at Information; a balancer under load should not.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("LoadBalancer", LogLevel.Information);
        // An instance leaving or rejoining the rotation is worth a line; each probe is not.
        builder.Logging.AddFilter("Yarp.ReverseProxy.Health.DestinationHealthUpdater", LogLevel.Information);
        // A failed probe is logged with its exception at Warning, every interval while an instance is down.
        builder.Logging.AddFilter("Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor", LogLevel.Error);
        // The framework makes a key ring at start; the balancer protects nothing with it (the affinity cookie is a hash).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        if (builder.Configuration["urls"] is null) builder.WebHost.UseUrls(BalancerSettings.DefaultUrl);

        BalancerSettings settings;
        try
        {
            settings = BalancerSettings.Load(builder.Configuration);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfig.Routes(), ProxyConfig.Clusters(settings));
        // A killed instance refuses connections at once: a few such failures in a short window take it
        // out of the rotation before the next active probe does.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(o =>
        {
            o.DetectionWindowSize = TimeSpan.FromSeconds(10);
            o.MinimalTotalCountThreshold = 4;
            o.DefaultFailureRateLimit = 0.3;
        });

        var app = builder.Build();
        app.MapReverseProxy();
        app.Logger.LogInformation("Balancing {Urls} over {Destinations}", builder.Configuration["urls"] ?? BalancerSettings.DefaultUrl,
            string.Join(", ", settings.Destinations));
        await app.RunAsync();
        return 0;
    }
}
