using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// The sign-in page's budget: its first load, with nothing cached, transfers at most 60 kB in all,
/// counted as Chromium received it (compressed bodies plus headers, redirects included). A size
/// check, not a timing one. <c>scripts/page-weight.sh</c> prints the same figures as a table.
/// </summary>
public sealed class PageWeightTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const long BudgetBytes = 60_000;

    /// <summary>Below this a text response may go uncompressed: the encoding would save next to nothing.</summary>
    private const long SmallBytes = 1_000;

    private static readonly string[] TextTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];

    [Fact]
    public async Task The_first_load_of_the_sign_in_page_transfers_at_most_60_kB_compressed()
    {
        await using var session = await chromium.OpenAsync();
        var responses = new ConcurrentQueue<IResponse>();
        session.Page.Response += (_, response) => responses.Enqueue(response);

        await session.Page.GotoAsync("/login", new() { WaitUntil = WaitUntilState.NetworkIdle });

        var rows = new List<(string Path, int Status, string Type, string Encoding, long Body, long Headers)>();
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            var headers = await response.AllHeadersAsync();
            rows.Add((new Uri(response.Url).AbsolutePath, response.Status,
                headers.GetValueOrDefault("content-type", "").Split(';')[0],
                headers.GetValueOrDefault("content-encoding", "-"),
                sizes.ResponseBodySize, sizes.ResponseHeadersSize));
        }
        var total = rows.Sum(r => r.Body + r.Headers);
        var table = string.Join("\n", rows.Select(r => $"  {r.Status} {r.Type,-16} {r.Encoding,-4} body {r.Body,6} B, headers {r.Headers,5} B  {r.Path}"));

        var acceptEncoding = (await responses.First().Request.AllHeadersAsync()).GetValueOrDefault("accept-encoding", "");
        Assert.Contains("br", acceptEncoding);
        Assert.Contains(rows, r => r.Type == "text/html" && r.Status == 200);
        Assert.Contains(rows, r => r.Type == "text/css");
        Assert.Contains(rows, r => r.Type == "text/javascript");
        Assert.DoesNotContain(rows, r => r.Path.StartsWith("/_framework/"));
        var uncompressed = rows.Where(r => TextTypes.Contains(r.Type) && r.Body > SmallBytes && r.Encoding is not ("br" or "gzip")).ToList();
        Assert.True(uncompressed.Count == 0, $"Text sent without brotli or gzip:\n{table}");
        Assert.True(total <= BudgetBytes, $"The first load of /login transferred {total:N0} bytes, over the {BudgetBytes:N0}-byte budget:\n{table}");
    }
}
