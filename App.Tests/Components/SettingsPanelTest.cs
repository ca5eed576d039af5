using App.Components.Interactive;
using App.Components.Settings;
using App.Components.Themes;
using App.Configuration;
using App.Http;
using App.Sessions.Circuits;
using App.Tests.Unit.Configuration;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>
/// The live settings panel on an interactive circuit, over a fake settings flow client: what each of
/// the panel's sections (passkeys, backup codes, email, security keys) is rendered with.
/// </summary>
public abstract class SettingsPanelTest : ComponentTest
{
    private protected readonly FakeSettingsFlowClient client = new();

    protected SettingsPanelTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<ISettingsFlowClient>(client);
        Services.AddSingleton(new App.Credentials.Passkeys.PasskeyProviders(
            new App.Ceremonies.Attestation.AttestationPolicy(new AttestationOptions(), App.Ceremonies.Attestation.MetadataCatalog.Empty)));
        Services.AddSingleton(PortalSettings.Load(TestConfig.Build(TestConfig.Local())));
        Services.AddSingleton(new TokenTheme(ThemeTokens.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "wwwroot/themes/default/tokens.css")))));
        Services.AddScoped<CircuitRequest>();
        Services.AddScoped<CircuitEnding>();
        Services.AddScoped<CircuitConnection>();
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected IRenderedComponent<SettingsPanel> RenderPanel() => Render<SettingsPanel>(p => p.Add(x => x.FlowId, FakeSettingsFlowClient.FlowId));

    protected static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Identity.sln) was not found above the test binaries.");
    }
}
