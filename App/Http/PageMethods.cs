using Microsoft.AspNetCore.Components.Endpoints;

namespace App.Http;

public static class PageMethods
{
    /// <summary>
    /// The hosted pages are read, never posted to: their forms post to the Kratos endpoints, and the
    /// live page talks over its circuit. Without this a POST to a page reaches the framework's form
    /// handling, which answers in plain text about antiforgery; now it is a 405 in Kratos's shape.
    /// Only page endpoints change, not the circuit's own.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder ReadOnly(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
                endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        });
        return pages;
    }
}
