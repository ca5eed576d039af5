using System.Net;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>whoami's cache rests on a counter row; without that row nothing may be cached, or a revoked session would pass.</summary>
public sealed class WhoAmICounterTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Without_the_counter_row_whoami_still_answers_and_a_logout_still_ends_the_session_at_once()
    {
        using var person = await HeldSession.SignUpAsync(portal, "no-counter");
        using var whoami = new WhoAmIProbe(portal);
        await whoami.WarmAsync(person.Token);
        using (var scope = portal.Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().CacheGenerations.ExecuteDeleteAsync());
        await whoami.WarmAsync(person.Token);
        Assert.Equal(person.SessionId, (await whoami.ActiveAsync(person.Token))["id"]!.GetValue<string>());

        var created = await person.Client.Http.GetAsync("/self-service/logout/browser");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var logoutUrl = (await Wire.ObjectAsync(created))["logout_url"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.SeeOther, (await person.Client.Http.GetAsync(logoutUrl)).StatusCode);

        await whoami.AssertRefusedAsync(person.Token);
    }
}
