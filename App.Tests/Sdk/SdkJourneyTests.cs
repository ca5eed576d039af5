using App.Tests.Infrastructure;

namespace App.Tests.Sdk;

/// <summary>
/// Ory's own client, <c>@ory/kratos-client</c> 26.2.0 unmodified (tools/kratos-client), drives each
/// journey against a real portal: one Node script per journey (App.Tests/Sdk/journeys), which calls
/// only the SDK's API classes and holds every answer to the SDK's declared models.
/// </summary>
public sealed class SdkJourneyTests(SdkFixture fixture) : IClassFixture<SdkFixture>
{
    [Fact] public Task Passkey_registration_sign_in_and_toSession() => RunAsync("passkey");
    [Fact] public Task Settings_add_a_second_passkey_and_remove_the_first() => RunAsync("settings");
    [Fact] public Task Native_logout_then_toSession_is_refused() => RunAsync("logout");
    [Fact] public Task Email_code_sign_in_through_maildev() => RunAsync("code-login");
    [Fact] public Task Recovery_by_code_then_a_new_passkey() => RunAsync("recovery");
    [Fact] public Task Verification_by_code() => RunAsync("verification");
    [Fact] public Task Admin_identities_sessions_recovery_links_and_courier() => RunAsync("admin");
    [Fact] public Task Own_sessions_and_an_administrators_sessions() => RunAsync("sessions");
    [Fact] public Task ToSession_tokenized_as_a_signed_JWT() => RunAsync("tokenize");
    [Fact] public Task A_sign_in_finished_in_the_browser_then_exchangeSessionToken() => RunAsync("exchange");
    [Fact] public Task The_model_checks_refuse_what_the_SDK_declares_wrong() => RunAsync("models");

    private Task RunAsync(string journey) => SdkScript.RunAsync(journey, new Dictionary<string, string>
    {
        ["PORTAL_URL"] = fixture.Portal.BaseUrl,
        ["PORTAL_ADMIN_URL"] = fixture.Portal.AdminUrl,
        ["PORTAL_ADMIN_KEY"] = SdkFixture.AdminKey,
        ["MAILDEV_URL"] = fixture.Maildev.ApiUrl,
        ["PORTAL_TOKEN_JWKS"] = fixture.TokenKeySet,
    });
}
