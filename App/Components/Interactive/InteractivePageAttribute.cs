namespace App.Components.Interactive;

/// <summary>
/// Marks a page that runs a live circuit. Only such pages get the framework script, MudBlazor's
/// assets and the relaxed style policy; every other page stays static, with no circuit and no
/// framework script.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class InteractivePageAttribute : Attribute
{
    /// <summary>Whether this request is for an interactive page (a page's attributes are its endpoint's metadata).</summary>
    public static bool Applies(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<InteractivePageAttribute>() is not null;
}
