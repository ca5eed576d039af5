using System.Net;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.Integration;

/// <summary>
/// Instances on one database share one data-protection key ring, kept in that database: what one
/// protects (an antiforgery token, Blazor's circuit state) the other accepts, and instances starting
/// together on an empty database make one first key, not one each.
/// </summary>
/// <remarks>
/// Each test chooses its own database, so the PostgreSQL pass of the suite leaves the class out: there
/// "new PortalFactory()" would be a PostgreSQL database of its own, not the SQLite file shared below.
/// </remarks>
[Trait("Database", "postgres")]
public sealed class SharedKeyRingTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static PortalFactory Portal(string dsn) => new(new Dictionary<string, string?> { ["dsn"] = dsn });

    [Fact]
    public async Task What_one_instance_protects_the_other_accepts_on_postgres()
    {
        var dsn = server.CreateDatabase();
        using var a = Portal(dsn);
        using var b = Portal(dsn);
        await AssertSharedAsync(a, b);
        using var elsewhere = Portal(server.CreateDatabase());
        await AssertNotSharedAsync(a, elsewhere);
        Assert.Equal(1, await KeysAsync(a));
    }

    [Fact]
    public async Task What_one_instance_protects_the_other_accepts_on_sqlite()
    {
        using var a = new PortalFactory();
        using var b = Portal($"sqlite://{Path.Combine(a.DataDirectory, "identity.db")}");
        await AssertSharedAsync(a, b);
        using var elsewhere = new PortalFactory();
        await AssertNotSharedAsync(a, elsewhere);
        Assert.Equal(1, await KeysAsync(a));
    }

    [Fact]
    public async Task Instances_starting_together_on_an_empty_database_make_one_key()
    {
        var dsn = server.CreateDatabase();
        var portals = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var portal = Portal(dsn);
            // Each protects at once, as a first request would.
            portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("first").Protect("x");
            return portal;
        })));
        try
        {
            Assert.Equal(1, await KeysAsync(portals[0]));
            foreach (var from in portals)
                foreach (var to in portals)
                    await AssertSharedAsync(from, to);
        }
        finally
        {
            foreach (var portal in portals) portal.Dispose();
        }
    }

    private static async Task AssertSharedAsync(PortalFactory from, PortalFactory to)
    {
        var secret = Guid.NewGuid().ToString();
        var sealedOnFrom = Protector(from).Protect(secret);
        Assert.Equal(secret, Protector(to).Unprotect(sealedOnFrom));
        Assert.True(await AntiforgeryAcceptsAsync(to, Tokens(from)));
    }

    private static async Task AssertNotSharedAsync(PortalFactory from, PortalFactory to)
    {
        var sealedOnFrom = Protector(from).Protect("secret");
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(to).Unprotect(sealedOnFrom));
        Assert.False(await AntiforgeryAcceptsAsync(to, Tokens(from)));
    }

    private static IDataProtector Protector(PortalFactory portal) =>
        portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("shared-key-ring-test");

    private sealed record IssuedTokens(string CookieName, string Cookie, string HeaderName, string Request);

    /// <summary>The antiforgery cookie and request token one instance gives a browser for a form.</summary>
    private static IssuedTokens Tokens(PortalFactory portal)
    {
        using var scope = portal.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var tokens = scope.ServiceProvider.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var cookieName = scope.ServiceProvider.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        return new IssuedTokens(cookieName, tokens.CookieToken!, tokens.HeaderName!, tokens.RequestToken!);
    }

    private static async Task<bool> AntiforgeryAcceptsAsync(PortalFactory portal, IssuedTokens tokens)
    {
        using var scope = portal.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Headers.Cookie = $"{tokens.CookieName}={tokens.Cookie}";
        context.Request.Headers[tokens.HeaderName] = tokens.Request;
        return await scope.ServiceProvider.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }

    private static async Task<int> KeysAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().DataProtectionKeys.CountAsync();
    }
}
