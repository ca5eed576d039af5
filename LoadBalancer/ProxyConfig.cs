using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.SessionAffinity;
using Yarp.ReverseProxy.Transforms;

namespace LoadBalancer;

/// <summary>
/// Two routes over the same instances. Pages and the API hold no state in an instance (flows,
/// sessions and codes are rows in the shared database), so they go round-robin. A Blazor circuit
/// lives in the memory of the instance that opened it, so <c>/_blazor</c> sticks to that instance
/// by a cookie.
/// </summary>
public static class ProxyConfig
{
    public const string AffinityCookie = ".Portal.Instance";

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route("circuits", "/_blazor/{**rest}", "sticky", order: 0),
        Route("everything", "/{**rest}", "round-robin", order: 1),
    ];

    private static RouteConfig Route(string id, string path, string cluster, int order) => new RouteConfig
    {
        RouteId = id,
        ClusterId = cluster,
        Order = order,
        Match = new RouteMatch { Path = path },
    }
    // The portal builds its own links from serve.public.base_url, but the framework's pages (Blazor's
    // base address) read the Host header: keep the one the browser sent. X-Forwarded-For, -Proto and
    // -Host are YARP's defaults (Set: a client's own X-Forwarded-For is replaced, not trusted).
    .WithTransformUseOriginalHostHeader(true);

    public static IReadOnlyList<ClusterConfig> Clusters(BalancerSettings settings) =>
    [
        Cluster("round-robin", settings, affinity: null),
        Cluster("sticky", settings, new SessionAffinityConfig
        {
            Enabled = true,
            Policy = SessionAffinityConstants.Policies.HashCookie,
            // An instance gone: the circuit is lost anyway, so the next connection goes to one alive.
            FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
            AffinityKeyName = AffinityCookie,
            Cookie = new SessionAffinityCookieConfig
            {
                Path = "/_blazor",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                SecurePolicy = CookieSecurePolicy.SameAsRequest,
            },
        }),
    ];

    private static ClusterConfig Cluster(string id, BalancerSettings settings, SessionAffinityConfig? affinity) => new()
    {
        ClusterId = id,
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        SessionAffinity = affinity,
        HealthCheck = new HealthCheckConfig
        {
            // With every instance marked down, try them all rather than refuse everyone: probes that
            // fail for all at once more likely say the balancer is starved than that all are dead.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            // Probes find an instance that stopped, or that lost the database, within two intervals...
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = settings.HealthInterval,
                Timeout = settings.HealthTimeout,
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = settings.HealthPath,
            },
            // ...and failed requests take it out sooner, until the probes see it healthy again.
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = TimeSpan.FromSeconds(5),
            },
        },
        Metadata = new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "2" },
        Destinations = settings.Destinations.Select((uri, i) => (uri, i))
            .ToDictionary(d => $"portal-{d.i + 1}", d => new DestinationConfig { Address = d.uri.ToString() }),
    };
}
