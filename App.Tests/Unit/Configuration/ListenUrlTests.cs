using App.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>serve.*.host as Kestrel binds it: IPv6 literals bracketed, an empty host every interface.</summary>
public sealed class ListenUrlTests
{
    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:4434")]
    [InlineData("localhost", "http://localhost:4434")]
    [InlineData("0.0.0.0", "http://0.0.0.0:4434")]
    [InlineData("::", "http://[::]:4434")]
    [InlineData("::1", "http://[::1]:4434")]
    [InlineData("[::1]", "http://[::1]:4434")]
    [InlineData("", "http://*:4434")]
    [InlineData(" admin.internal ", "http://admin.internal:4434")]
    public void Hosts_become_urls_kestrel_can_bind(string host, string url) => Assert.Equal(url, ListenUrl.For(host, 4434));
}
