using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// The hosted registration page with <c>style: profile_first</c>, driven as a browser without
/// script drives it, plus what passkeys.js does: it renders each screen from the flow's nodes, and
/// its fields and buttons keep their accessible names.
/// </summary>
public sealed class ProfileFirstPageTests(ProfileFirstFixture fixture) : IClassFixture<ProfileFirstFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task A_browser_signs_up_on_the_profile_screen_then_the_passkey_screen()
    {
        using var client = Portal.NewClient();
        var email = ProfileFirst.NewEmail("page");
        var start = await client.Http.GetAsync("/self-service/registration/browser");
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);

        var profile = await PageAsync(client, start.Headers.Location!);
        Assert.Equal("email", Field(profile, "Email").GetAttribute("type"));
        var signUp = Button(profile, "Sign up");
        Assert.Equal(("method", "profile"), (signUp.GetAttribute("name"), signUp.GetAttribute("value")));
        Assert.Null(profile.QuerySelector("[data-trigger], [name=passkey_register]"));

        var fields = Hidden(profile);
        fields["traits.email"] = email;
        fields["method"] = "profile";
        var sent = await client.Http.PostAsync(Action(profile), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, email));

        var credentials = await PageAsync(client, sent.Headers.Location!);
        Assert.Empty(credentials.QuerySelectorAll("form input:not([type=hidden])"));
        Assert.Equal(email, Hidden(credentials)["traits.email"]);
        Assert.Contains("Now choose how you will sign in.", credentials.Body!.TextContent);
        var buttons = credentials.QuerySelectorAll("form button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Sign up with passkey", "Back"], buttons);
        Assert.Equal("oryPasskeyRegistration", Button(credentials, "Sign up with passkey").GetAttribute("data-trigger"));
        var back = Button(credentials, "Back");
        Assert.Equal(("screen", "previous"), (back.GetAttribute("name"), back.GetAttribute("value")));
        // Back is the lesser action: the passkey is what the screen is for.
        Assert.Contains("button-secondary", back.ClassList);
        Assert.Contains("button-primary", Button(credentials, "Sign up with passkey").ClassList);

        // passkeys.js fills passkey_register and submits the form, with no button pressed.
        var passkey = Hidden(credentials);
        passkey["passkey_register"] = new SoftwareAuthenticator().Create(passkey["passkey_create_data"], Portal.Origin);
        var done = await client.Http.PostAsync(Action(credentials), new FormUrlEncodedContent(passkey));

        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        Assert.Equal(1, await ProfileFirst.IdentitiesWithAsync(Portal, email));
    }

    [Fact]
    public async Task Back_on_the_page_shows_the_profile_screen_with_the_address_typed()
    {
        using var client = Portal.NewClient();
        var email = ProfileFirst.NewEmail("page-back");
        var profile = await PageAsync(client, (await client.Http.GetAsync("/self-service/registration/browser")).Headers.Location!);
        var fields = Hidden(profile);
        fields["traits.email"] = email;
        fields["method"] = "profile";
        var credentials = await PageAsync(client, (await client.Http.PostAsync(Action(profile), new FormUrlEncodedContent(fields))).Headers.Location!);

        var back = Hidden(credentials);
        back["screen"] = "previous";
        var sent = await client.Http.PostAsync(Action(credentials), new FormUrlEncodedContent(back));

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var again = await PageAsync(client, sent.Headers.Location!);
        Assert.Equal(email, Field(again, "Email").GetAttribute("value"));
        Assert.NotNull(Button(again, "Sign up"));
        Assert.Null(again.QuerySelector("[data-trigger]"));
    }

    private static async Task<IDocument> PageAsync(PortalClient client, Uri location)
    {
        var response = await client.Http.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static string Action(IDocument page) => page.QuerySelector("form[data-flow-form]")!.GetAttribute("action")!;

    private static Dictionary<string, string> Hidden(IDocument page) =>
        page.QuerySelectorAll("form[data-flow-form] input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

    /// <summary>The input a label names (its own text, before any "(optional)"), as a screen reader finds it.</summary>
    private static IElement Field(IDocument page, string name)
    {
        var label = Assert.Single(page.QuerySelectorAll("label"),
            l => string.Equals(l.ChildNodes.OfType<IText>().FirstOrDefault()?.Data.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return page.GetElementById(label.GetAttribute("for")!)!;
    }

    private static IElement Button(IDocument page, string name) =>
        Assert.Single(page.QuerySelectorAll("form button"), b => string.Equals(b.TextContent.Trim(), name, StringComparison.OrdinalIgnoreCase));
}
