namespace App.Tests.Integration.Support;

/// <summary>
/// Every place where the portal's OpenAPI documents deliberately differ from Kratos v26.2.0's, each
/// with its reason. The comparison fails on a difference not listed here, and on an entry here that
/// no longer matches a difference, so the list stays the truth.
/// </summary>
public static class KratosDocumentDifferences
{
    /// <summary>Any operation; "admin" means every operation under /admin behind the key check.</summary>
    public const string AnyOperation = "*";
    public const string AnyAdminOperation = "admin";

    private const string NoFlowInDocument = "an unknown or malformed flow id; Kratos answers 404 as well (400 for a malformed id), but leaves it to `default` in its document";
    private const string Csrf = "a flow from another browser, or without its anti-CSRF cookie (security_csrf_violation); Kratos answers 403 too, under `default`";
    private const string TokenPaging = "only token paging (page_size, page_token); Kratos keeps the deprecated page and per_page";

    /// <summary>Status codes the portal declares that Kratos's document does not.</summary>
    public static readonly (string Operation, int Code, string Reason)[] ExtraStatuses =
    [
        (AnyOperation, 413, "a body over 1 MiB is refused before any handler (Kestrel's limit); Kratos leaves its limit to `default`"),
        (AnyAdminOperation, 401, "the admin key check (AdminAuthentication): Kratos's admin port has no authentication of its own"),
        (AnyAdminOperation, 429, "an address that keeps failing the admin key check is refused for a while"),
        ("createBrowserLoginFlow", 401, "aal=aal2 without a session (session_aal1_required) or on one that has it (session_aal_already_fulfilled), as Kratos, under `default`"),
        ("createNativeLoginFlow", 401, "aal=aal2 without a session or on one that has it, as Kratos, under `default`"),
        ("updateLoginFlow", 401, "an aal2 flow whose session is gone (session_aal1_required)"),
        ("updateLoginFlow", 403, Csrf + "; also a refresh flow that must sign in again (session_refresh_required)"),
        ("updateLoginFlow", 404, NoFlowInDocument),
        ("updateLoginFlow", 429, "email codes and backup codes are rate-limited per address and per IP; Kratos has no such limit"),
        ("createBrowserRegistrationFlow", 400, "to Accept: application/json: registration disabled, a return_to not allowed, or a session already there"),
        ("updateRegistrationFlow", 403, Csrf),
        ("updateRegistrationFlow", 404, NoFlowInDocument),
        ("createNativeSettingsFlow", 401, "no session (session_inactive), as Kratos under `default`"),
        ("createNativeSettingsFlow", 403, "the session lacks the second factor that selfservice.flows.settings.required_aal asks for (session_aal2_required)"),
        ("updateSettingsFlow", 404, NoFlowInDocument),
        ("getRecoveryFlow", 403, Csrf),
        ("updateRecoveryFlow", 403, Csrf),
        ("updateRecoveryFlow", 404, NoFlowInDocument),
        ("updateRecoveryFlow", 429, "recovery codes are rate-limited per address and per IP, with email sign-in"),
        ("toSession", 400, "tokenize_as names no template, or one whose subject the identity lacks; Kratos answers 400 too, under `default`"),
        ("createBrowserVerificationFlow", 400, "to Accept: application/json: verification disabled (Kratos: 400 too) or a return_to not allowed"),
        ("getVerificationFlow", 400, "verification disabled; Kratos answers 400 too, under `default`"),
        ("getVerificationFlow", 410, "an expired flow, with use_flow_id, as for the other flows"),
        ("updateVerificationFlow", 403, Csrf),
        ("updateVerificationFlow", 404, NoFlowInDocument),
        ("updateVerificationFlow", 429, "verification codes are rate-limited per address and per IP"),
        ("getFlowError", 400, "an error id that is not a UUID"),
        ("updateLogoutFlow", 401, "to Accept: application/json, a logout token that matches no active session"),
        ("performNativeLogout", 401, "a session token that matches no active session"),
        ("disableMyOtherSessions", 403, "a restricted session (after recovery or a backup code) may not end sessions until a passkey is saved"),
        ("disableMySession", 403, "a restricted session may not end sessions until a passkey is saved"),
        ("disableMySession", 404, "no such other session of this identity"),
        ("listIdentities", 400, "a page_size or page_token that cannot be read"),
        ("getIdentity", 400, "an include_credential value Kratos does not know; Kratos answers 400 too, under `default`"),
        ("getIdentityByExternalID", 400, "an include_credential value Kratos does not know, as for getIdentity; Kratos answers 400 too, under `default`"),
        ("deleteIdentityCredentials", 400, "passkeys and code credentials cannot be deleted this way, as in Kratos (under `default`)"),
        ("getSession", 404, "no such session; Kratos answers 404 too, under `default`"),
        ("exchangeSessionToken", 400, "init_code or return_to_code missing; Kratos answers 400 too, under `default`"),
        ("disableSession", 404, "no such active session"),
        ("getCourierMessage", 404, "no such message; Kratos answers 404 too, under `default`"),
    ];

    /// <summary>Kratos's parameters the portal does not read.</summary>
    public static readonly (string Operation, string Parameter, string Reason)[] MissingParameters =
    [
        ("createBrowserLoginFlow", "login_challenge", "no Ory Hydra (OAuth2 login) integration"),
        ("createBrowserLoginFlow", "organization", "no organizations (enterprise SSO)"),
        ("createBrowserLoginFlow", "via", "the identifier is always the email address"),
        ("createBrowserLoginFlow", "identity_schema", "one identity schema, identity.default_schema_id"),
        ("createNativeLoginFlow", "organization", "no organizations (enterprise SSO)"),
        ("createNativeLoginFlow", "via", "the identifier is always the email address"),
        ("createNativeLoginFlow", "identity_schema", "one identity schema, identity.default_schema_id"),
        ("createBrowserRegistrationFlow", "login_challenge", "no Ory Hydra (OAuth2 login) integration"),
        ("createBrowserRegistrationFlow", "after_verification_return_to", "verification after sign-up returns to return_to or the default return URL"),
        ("createBrowserRegistrationFlow", "organization", "no organizations (enterprise SSO)"),
        ("createBrowserRegistrationFlow", "identity_schema", "one identity schema, identity.default_schema_id"),
        ("createNativeRegistrationFlow", "organization", "no organizations (enterprise SSO)"),
        ("createNativeRegistrationFlow", "identity_schema", "one identity schema, identity.default_schema_id"),
        ("updateVerificationFlow", "token", "the emailed link is GET /self-service/verification?flow=&code=, not a POST with a token"),
        ("updateLogoutFlow", "cookie", "sign-out goes by the logout token alone"),
        ("listMySessions", "per_page", TokenPaging),
        ("listMySessions", "page", TokenPaging),
        ("listIdentitySessions", "per_page", TokenPaging),
        ("listIdentitySessions", "page", TokenPaging),
        ("listIdentities", "per_page", TokenPaging),
        ("listIdentities", "page", TokenPaging),
        ("listIdentities", "consistency", "one SQLite database: every read is strongly consistent"),
        ("listIdentities", "ids", "not implemented: read identities one by one"),
        ("listIdentities", "preview_credentials_identifier_similar", "not implemented: credentials_identifier matches exactly"),
        ("listIdentities", "include_credential", "not on the list: GET /admin/identities/{id} takes it"),
        ("listIdentities", "organization_id", "no organizations (enterprise SSO)"),
        ("listIdentitySchemas", "per_page", "one schema: the list is never paged"),
        ("listIdentitySchemas", "page", "one schema: the list is never paged"),
        ("listIdentitySchemas", "page_size", "one schema: the list is never paged"),
        ("listIdentitySchemas", "page_token", "one schema: the list is never paged"),
        ("deleteIdentityCredentials", "identifier", "every credential of the type is deleted; Kratos uses it for one OIDC or SAML provider, which the portal has not"),
    ];
}
