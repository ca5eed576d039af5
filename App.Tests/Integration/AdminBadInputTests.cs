using System.Net;
using System.Text;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>Junk sent to the admin API is a 4xx in Kratos's error shape: never a 500, never a half-made identity.</summary>
public sealed class AdminBadInputTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    public static TheoryData<string, string, string?, string?> Cases() => new()
    {
        { "GET", "/admin/identities?page_size=0", null, null },
        { "GET", "/admin/identities?page_size=abc", null, null },
        { "GET", "/admin/identities?page_token=%27%3B--", null, null },
        { "GET", "/admin/identities/%27%3B--", null, null },
        { "POST", "/admin/identities", "", "application/json" },
        { "POST", "/admin/identities", "null", "application/json" },
        { "POST", "/admin/identities", "[]", "application/json" },
        { "POST", "/admin/identities", "{\"traits\":", "application/json" },
        { "POST", "/admin/identities", "{\"traits\":{},\"traits\":{}}", "application/json" },
        { "POST", "/admin/identities", "{\"traits\":{\"email\":\"a@example.com\"},\"state\":7}", "application/json" },
        { "POST", "/admin/identities", "{\"traits\":{\"email\":[\"a@example.com\"]}}", "application/json" },
        { "POST", "/admin/identities", "{\"traits\":{\"email\":\"a@example.com\"},\"schema_id\":{}}", "application/json" },
        { "POST", "/admin/identities", new string('[', 5000), "application/json" },
        { "POST", "/admin/identities", "traits.email=a@example.com", "application/x-www-form-urlencoded" },
        { "POST", "/admin/identities", "{}", "text/plain" },
        { "POST", "/admin/identities", "{\"traits\":{\"email\":\"a@example.com\"}}", "multipart/form-data; boundary=x" },
        { "POST", "/admin/identities", "--x\r\nContent-Disposition: form-data; name=\"traits\"\r\n\r\n{", "multipart/form-data; boundary=x" },
        { "PUT", "/admin/identities/01a231d2-afa3-7eab-bb7c-c30d8e6373ee", "{\"traits\":{}}", "multipart/form-data; boundary=x" },
        { "DELETE", "/admin/identities/not-a-uuid", null, null },
        { "GET", "/admin/courier/messages?status=lost", null, null },
        { "GET", "/admin/courier/messages?page_token=zz", null, null },
        { "GET", "/admin/courier/messages/zz", null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Junk_is_a_4xx_in_the_kratos_error_shape(string method, string path, string? body, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), portal.AdminUrl + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType!);
        }
        var response = await admin.SendAsync(request);
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{method} {path}: {status}");
        Assert.True(Wire.IsKratosError(await Wire.BodyAsync(response)), $"{method} {path}: not a Kratos error");
        var identities = await admin.GetStringAsync(portal.AdminUrl + "/admin/identities");
        Assert.Equal("[]", identities);
    }
}
