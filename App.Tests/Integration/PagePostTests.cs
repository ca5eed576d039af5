using System.Net;
using System.Net.Http.Headers;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// The hosted pages are read with GET; their forms post to the Kratos endpoints. Anything posted to a
/// page itself, well-formed or not, is a 405 in Kratos's error shape, not the framework's text.
/// </summary>
public sealed class PagePostTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "/login", "/registration", "/settings", "/welcome", "/error", "/recovery-unknown" })
            foreach (var body in new[] { "form", "multipart_with_a_json_body", "json" })
                data.Add(page, body);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_post_to_a_page_is_a_kratos_shaped_4xx(string page, string body)
    {
        using var client = fixture.Portal.NewClient();
        HttpContent content = body switch
        {
            "form" => new FormUrlEncodedContent(new Dictionary<string, string> { ["method"] = "passkey" }),
            "json" => new StringContent("{\"method\":\"passkey\"}", System.Text.Encoding.UTF8, "application/json"),
            _ => new ByteArrayContent("{\"a\":1}"u8.ToArray()) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x") } },
        };

        var response = await client.Http.PostAsync(page, content);

        var status = (int)response.StatusCode;
        Assert.True(status is 404 or 405, $"POST {page}: {status}");
        Assert.True(Wire.IsKratosError(await Wire.BodyAsync(response)), $"POST {page}: not a Kratos error");
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/registration")]
    public async Task The_pages_still_answer_get_and_head(string page)
    {
        using var client = fixture.Portal.NewClient();
        var get = await client.Http.GetAsync(page);
        Assert.True(get.IsSuccessStatusCode || get.StatusCode is HttpStatusCode.SeeOther or HttpStatusCode.Found, $"GET {page}: {(int)get.StatusCode}");
        var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, page));
        Assert.Equal(get.StatusCode, head.StatusCode);
    }
}
