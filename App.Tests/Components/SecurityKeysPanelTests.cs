using App.Components.Interactive;
using App.Components.Settings;
using App.Components.Themes;
using App.Configuration;
using App.Http;
using App.SelfService.Methods.WebAuthn;
using App.Sessions.Circuits;
using App.Tests.Unit.Configuration;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>The settings panel's Security keys section: shown only when the flow has webauthn nodes, adding with a name, removing.</summary>
public sealed class SecurityKeysPanelTests : SettingsPanelTest
{
    private const string Credential = """{"id":"BAUG","rawId":"BAUG","type":"public-key","response":{}}""";
    private const string KeyOptions = """{"publicKey":{"challenge":"BBBB"}}""";

    private static SavedPasskey Key(string id, string name) =>
        new(id, name, new DateTime(2026, 11, 28, 9, 30, 0, DateTimeKind.Utc), true, WebAuthnMessages.RemoveSecurityKey(name, new DateTime(2026, 11, 28)));

    private static SettingsView WithKeys(params SavedPasskey[] keys) =>
        FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone")) with
        {
            SecurityKeys = new SecurityKeysState { Available = true, Keys = keys, CreateOptions = KeyOptions },
        };

    [Fact]
    public void Without_webauthn_nodes_there_is_no_section()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone"));
        Assert.Empty(RenderPanel().FindAll("section.security-keys"));
    }

    [Fact]
    public void Lists_keys_with_remove_named_after_them_and_removes_by_credential_id()
    {
        client.Current = WithKeys(Key("0a0b", "Desk key"));
        var cut = RenderPanel();

        var section = cut.Find("section.security-keys");
        Assert.Equal("Security keys", section.QuerySelector("h2")!.TextContent.Trim());
        var remove = cut.Find("ul[aria-label='Saved security keys'] button");
        Assert.Equal("Remove security key \"Desk key\"", remove.GetAttribute("aria-label"));
        remove.Click();
        cut.WaitForAssertion(() => Assert.Equal(["0a0b"], client.RemovedKeys));
    }

    [Fact]
    public void Add_security_key_runs_the_ceremony_with_the_key_options_and_submits_the_name()
    {
        client.Current = WithKeys();
        client.OnAddKey = (view, _, name) => view with { SecurityKeys = view.SecurityKeys with { Keys = [Key("040506", name)] } };
        var module = JSInterop.SetupModule("/js/passkey-settings.js");
        module.Setup<string?>("pendingPasskey", _ => true).SetResult(null);
        module.Setup<CreatedPasskey>("createPasskey", _ => true).SetResult(new CreatedPasskey(Credential, null));
        module.SetupVoid("forgetPasskey", _ => true).SetVoidResult();
        var cut = RenderPanel();
        Assert.Contains("No security keys are saved.", cut.Find("#security-keys-none").TextContent);

        cut.Find("#security-key-name").Change("Desk key");
        cut.Find("section.security-keys button.security-key-add").Click();

        cut.WaitForAssertion(() => Assert.Equal([(Credential, "Desk key")], client.AddedKeys));
        var create = Assert.Single(module.Invocations, i => i.Identifier == "createPasskey");
        Assert.Equal(KeyOptions, create.Arguments[0]);
        // Never handed to "Add passkey"'s resumption after a reload.
        Assert.Contains(module.Invocations, i => i.Identifier == "forgetPasskey");
        Assert.Empty(client.Added);
        cut.WaitForAssertion(() => Assert.Contains("Desk key", cut.Find("ul[aria-label='Saved security keys']").TextContent));
    }
}
