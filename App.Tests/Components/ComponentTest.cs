using App.Localization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Components;

/// <summary>A bUnit context with what every hosted component injects: the texts of the pages' languages.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest() => Services.AddSingleton(new Texts());

    /// <summary>
    /// xUnit disposes test classes synchronously, but some services (MudBlazor's) can only be
    /// disposed asynchronously: the synchronous dispose runs the asynchronous one.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }
        base.Dispose(disposing);
    }
}
