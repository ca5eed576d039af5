using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>One portal shared by the tests of a class that do not depend on each other's state.</summary>
public sealed class PortalFixture : IDisposable
{
    public PortalFactory Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}
