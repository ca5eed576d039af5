using Microsoft.Extensions.FileProviders;

namespace App.Http;

/// <summary>
/// The framework's and MudBlazor's static files (<c>_framework/</c>, <c>_content/</c>), which only
/// the interactive pages load. They are not in the portal's own <c>wwwroot/</c>: a build serves
/// them from the package cache, a publish from its own <c>wwwroot/</c>, precompressed with brotli
/// and gzip (docs/performance.md, "Settings visit").
/// </summary>
public static class FrameworkAssets
{
    /// <summary>Asks for a long cache on a plain asset path; the pages add it with the asset's fingerprint.</summary>
    public const string VersionParameter = "v";

    public static WebApplicationBuilder AddFrameworkAssets(this WebApplicationBuilder builder)
    {
        // Out of the box only Development finds them in a build's output; other environments
        // answered 500 for every one of them. Nothing is found (or needed) in a publish.
        builder.WebHost.UseStaticWebAssets();
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published) && Path.GetFullPath(published) != Path.GetFullPath(builder.Environment.WebRootPath))
            builder.Environment.WebRootFileProvider = new CompositeFileProvider(builder.Environment.WebRootFileProvider, new PhysicalFileProvider(published));
        return builder;
    }

    /// <summary>
    /// Serves them with <c>MapStaticAssets</c>: precompressed, with ETags. The fingerprinted URLs of
    /// MudBlazor's files are served uncompressed (627 kB of CSS), so the pages use their plain
    /// paths, which are compressed but marked <c>no-cache</c>; with the fingerprint as
    /// <c>?v=</c>, a plain path may be kept as long as a fingerprinted one.
    /// </summary>
    public static IEndpointConventionBuilder MapFrameworkAssets(this WebApplication app)
    {
        var assets = app.MapStaticAssets();
        assets.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } serve) return;
            endpoint.RequestDelegate = http =>
            {
                if (http.Request.Query.ContainsKey(VersionParameter))
                    http.Response.OnStarting(() =>
                    {
                        if (http.Response.StatusCode is 200 or 304) http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                        return Task.CompletedTask;
                    });
                return serve(http);
            };
        });
        return assets;
    }

    /// <summary>The plain path of an asset with its fingerprint as <c>?v=</c>: compressed, and cached until it changes.</summary>
    public static string VersionedUrl(string path, string fingerprinted)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var file = Path.GetFileName(fingerprinted);
        var extension = Path.GetExtension(path);
        var version = file.StartsWith(name + ".", StringComparison.Ordinal) && file.EndsWith(extension, StringComparison.Ordinal) && file.Length > name.Length + extension.Length + 1
            ? file[(name.Length + 1)..^extension.Length]
            : file;
        return "/" + path.TrimStart('/') + "?" + VersionParameter + "=" + Uri.EscapeDataString(version);
    }
}
