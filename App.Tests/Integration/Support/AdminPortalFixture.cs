using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>One portal with its admin listener, shared by the tests of a class that each bring their own people.</summary>
public sealed class AdminPortalFixture : IDisposable
{
    public PortalFactory Portal { get; } = PortalFactory.StartKestrelWithAdmin();

    public void Dispose() => Portal.Dispose();
}
