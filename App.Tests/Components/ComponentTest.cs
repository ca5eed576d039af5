using App.Localization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Components;

/// <summary>A bUnit context with what every hosted component injects: the texts of the pages' languages.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest() => Services.AddSingleton(new Texts());
}
