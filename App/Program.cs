using App;
using App.Admin.Console;
using App.Audit;
using App.Admin;
using App.Configuration;
using App.Courier;
using App.Data;
using App.Http;
using App.Http.OpenApi;
using App.Identities;
using App.Localization;
using App.Components.Interactive;
using MudBlazor.Services;
using App.SelfService.Flows;
using App.SelfService.Methods.Passkey;
using App.Sessions;

args = MigrateCommand.Strip(args, out var migrateOnly);
var root = PortalRoot.Find();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = root,
    WebRootPath = Path.Combine(root, "wwwroot"),
});

PortalSettings settings;
try
{
    settings = PortalSettings.Load(builder.Configuration);
}
catch (InvalidConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

builder.Logging.SetMinimumLevel(settings.Options.Log.Level switch
{
    "trace" => LogLevel.Trace, "debug" => LogLevel.Debug, "warn" or "warning" => LogLevel.Warning, "error" => LogLevel.Error, _ => LogLevel.Information,
});
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
// The portal's own files are served from the designer's wwwroot/ on purpose, not from the build's manifest.
builder.Logging.AddFilter("Microsoft.AspNetCore.Builder.StaticAssetDevelopmentRuntimeHandler", LogLevel.Error);
// Data protection backs only the framework's antiforgery and Blazor's protected circuit state; no portal
// secret depends on it. Its key ring is in the database (SharedKeyRing), one for every instance.
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
if (builder.Configuration["urls"] is null)
    builder.WebHost.UseUrls(ListenUrl.For(settings.Options.Serve.Public.Host, settings.Options.Serve.Public.Port),
        ListenUrl.For(settings.Options.Serve.Admin.Host, settings.Options.Serve.Admin.Port));
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = 1024 * 1024;
    // Kratos (Go) takes header bytes beyond ASCII; Kestrel would refuse them with an empty 400 before any
    // middleware could answer in Kratos's shape. Latin-1 reads every byte, so the portal judges the value itself.
    k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
});

builder.AddFrameworkAssets();
builder.Services.AddPortal();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddInteractivePages();
builder.Services.AddAdminConsole();
builder.Services.AddAntiforgery();
builder.Services.AddPageCompression();
builder.Services.AddApiDocuments();
builder.Services.AddCrossOrigin(settings);

var app = builder.Build();
try
{
    // Hosts may add configuration after the builder was made; validate what the services will use.
    settings = app.Services.GetRequiredService<PortalSettings>();
    if ((settings.CodeLoginEnabled || settings.RecoveryEnabled) && !settings.SmtpConfigured && app.Environment.IsProduction())
        throw new InvalidConfigurationException([new ConfigError("courier.smtp.connection_uri",
            "Email sign-in or recovery is enabled, but no SMTP server is set, so their emails could never be delivered.",
            "Set courier.smtp.connection_uri (such as smtp://user:password@smtp.example.com:587/), or set selfservice.methods.code.enabled=false.")]);
    if (settings.Options.Admin.Console.Enabled is null && settings.ConsoleProblems is [var first, ..])
        app.Logger.LogWarning("The admin console is off: {Problem} {Fix} Set admin.console.enabled to false to silence this.", first.Problem, first.Fix);
    // The theme's folder and the identity schemas are read now, not at the first request.
    app.Services.GetRequiredService<App.Components.Themes.ThemeParts>();
    app.Services.GetRequiredService<SchemaRegistry>();
    app.Services.GetRequiredService<App.Sessions.SessionTokenizer>();
    // The metadata BLOB is read and its signature checked now, so a bad one stops the portal here.
    app.Services.GetRequiredService<App.Ceremonies.Attestation.AttestationPolicy>();
}
catch (InvalidConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
await Database.PrepareAsync(app.Services);
if (migrateOnly)
{
    Console.WriteLine("The database is migrated.");
    return 0;
}

// Behind trusted proxies only, the client's address and scheme come from X-Forwarded-*.
if (settings.Options.Serve.Public.TrustedProxies.Count > 0) app.UseForwardedHeaders(TrustedProxies.Options(settings));
app.UseKratosErrors();
app.UseHostCheck();
app.UseKratosStatusPages();
app.UseSecurityHeaders();
app.UseAdminPortSeparation(settings);
app.UseCrossOrigin(settings);
app.UseResponseCompression();
app.UseStaticFiles();
app.UseRequestLocalization(Languages.Options());
app.UseRequestFacts(settings);
app.UseAntiforgery();

app.MapGet(WebAuthnScript.Path, (WebAuthnScript script) => Results.Bytes(script.Bytes, "text/javascript; charset=UTF-8"));
App.Ceremonies.RelatedOriginsEndpoint.MapRelatedOrigins(app);
app.MapHealth();
app.MapSelfServiceFlows();
app.MapSessions();
app.MapMySessions();
app.MapSchemas();
app.MapCourier();
app.MapAdminIdentities();
app.MapAdminSessions();
app.MapAudit();
app.MapAdminRecovery();
app.MapAdminConsole();
app.MapLanguage();
app.MapApiDocuments();
app.MapApiReference();
app.MapFrameworkAssets();
app.MapRazorComponents<App.Components.Shell>()
    // The circuit's WebSocket is compressed, which is safe only on pages that cannot be framed:
    // every response already says frame-ancestors 'none' (SecurityHeaders), so no second header.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
    .KeepPublicPagesStatic()
    .ReadOnly();

await app.RunAsync();
return 0;

public partial class Program;
