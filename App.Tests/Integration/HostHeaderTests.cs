using System.Net;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>A Host header IDNA refuses is the request's fault: Kratos's 400 on pages and API alike, never a 500.</summary>
public sealed class HostHeaderTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("/welcome")]
    [InlineData("/login")]
    [InlineData("/passwordless")]
    [InlineData("/settings")]
    [InlineData("/sessions/whoami")]
    public async Task A_host_that_is_no_host_name_is_a_400(string path)
    {
        using var client = fixture.Portal.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "-_-_";
        await Wire.AssertErrorAsync(await client.Http.SendAsync(request), HttpStatusCode.BadRequest, id: null);

        var fine = new HttpRequestMessage(HttpMethod.Get, path);
        Assert.NotEqual(HttpStatusCode.BadRequest, (await client.Http.SendAsync(fine)).StatusCode);
    }
}
