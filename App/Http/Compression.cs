using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace App.Http;

/// <summary>
/// Brotli or gzip for what the hosted pages load: their HTML, styles, script and SVG pictures.
/// This is most of what keeps the sign-in page's first load small (docs/performance.md).
/// </summary>
/// <remarks>
/// Also over HTTPS. Compressing a secret next to text an attacker chooses leaks the secret
/// through the compressed length (BREACH). The pages' secrets are CSRF tokens, which are masked
/// afresh for every response (<c>Csrf.Mask</c>), so their compressed length says nothing. JSON,
/// where the API returns session tokens, is left uncompressed.
/// </remarks>
public static class Compression
{
    private static readonly string[] Types =
        ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];

    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = Types;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }
}
