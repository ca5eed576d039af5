using static App.Http.OpenApi.ApiParameter;

namespace App.Http.OpenApi;

/// <summary>
/// The admin listener's operations, with the parameters their handlers read and the status codes
/// they answer. Every one of them first passes the admin key check (AdminAuthentication), whose
/// 401 and 429 are declared here too; the console's two form posts sign in with a passkey instead.
/// </summary>
internal static class AdminOperations
{
    private static readonly ApiParameter PageSize = Query("page_size", "Items per page, 1 to 1000.");
    private static readonly ApiParameter PageToken = Query("page_token", "The next page's token, from the Link header.");
    private static readonly ApiParameter Expand = Query("expand", "identity or devices; may be repeated.");
    private static readonly ApiParameter Active = Query("active", "true or false: only active or only inactive sessions.");

    /// <summary>What the key check adds to every admin API operation.</summary>
    private static int[] Keyed(params int[] codes) => [.. codes, 401, 429];

    public static IEnumerable<ApiOperation> All()
    {
        const string identity = "identity";
        yield return ApiOperation.Kratos("GET", "/admin/identities", "listIdentities", identity, "List identities",
            Keyed(200, 400), PageSize, PageToken, Query("credentials_identifier", "Only the identity with this identifier (an email address)."));
        yield return ApiOperation.Kratos("POST", "/admin/identities", "createIdentity", identity, "Create an identity (an invitation, or an import with a password hash or passkeys)",
            Keyed(201, 400, 409, 413));
        yield return ApiOperation.Kratos("PATCH", "/admin/identities", "batchPatchIdentities", identity, "Create many identities, each on its own",
            Keyed(200, 400, 413));
        yield return ApiOperation.Kratos("GET", "/admin/identities/by/external/{externalID}", "getIdentityByExternalID", identity, "Read an identity by its external_id",
            Keyed(200, 400, 404), Query("include_credential", "A credential type whose configuration to include; may be repeated."));
        yield return ApiOperation.Kratos("GET", "/admin/identities/{id}", "getIdentity", identity, "Read an identity",
            Keyed(200, 400, 404), Query("include_credential", "A credential type whose configuration to include; may be repeated."));
        yield return ApiOperation.Kratos("PUT", "/admin/identities/{id}", "updateIdentity", identity, "Replace an identity's traits, state and metadata",
            Keyed(200, 400, 404, 409, 413));
        yield return ApiOperation.Kratos("PATCH", "/admin/identities/{id}", "patchIdentity", identity, "Change an identity with a JSON Patch",
            Keyed(200, 400, 404, 409, 413));
        yield return ApiOperation.Kratos("DELETE", "/admin/identities/{id}", "deleteIdentity", identity, "Delete an identity",
            Keyed(204, 404));
        yield return ApiOperation.Kratos("DELETE", "/admin/identities/{id}/credentials/{type}", "deleteIdentityCredentials", identity, "Delete an identity's credentials of one type",
            Keyed(204, 400, 404));
        yield return ApiOperation.Kratos("GET", "/admin/identities/{id}/sessions", "listIdentitySessions", identity, "List an identity's sessions",
            Keyed(200, 400, 404), PageSize, PageToken, Active);
        yield return ApiOperation.Kratos("DELETE", "/admin/identities/{id}/sessions", "deleteIdentitySessions", identity, "End every session of an identity",
            Keyed(204, 404));
        yield return ApiOperation.Kratos("GET", "/admin/sessions", "listSessions", identity, "List sessions",
            Keyed(200, 400), PageSize, PageToken, Active, Expand);
        yield return ApiOperation.Kratos("GET", "/admin/sessions/{id}", "getSession", identity, "Read a session",
            Keyed(200, 400, 404), Expand);
        yield return ApiOperation.Kratos("DELETE", "/admin/sessions/{id}", "disableSession", identity, "End a session",
            Keyed(204, 400, 404));
        yield return ApiOperation.Kratos("PATCH", "/admin/sessions/{id}/extend", "extendSession", identity, "Extend a session",
            Keyed(200, 400, 404));
        yield return ApiOperation.Kratos("POST", "/admin/recovery/link", "createRecoveryLinkForIdentity", identity, "Issue a recovery link (a written reason is required)",
            Keyed(200, 400, 404, 413), Query("return_to", "Where the browser goes once recovered."));
        yield return ApiOperation.Kratos("POST", "/admin/recovery/code", "createRecoveryCodeForIdentity", identity, "Issue a recovery code and link (a written reason is required)",
            Keyed(201, 400, 404, 413));

        const string courier = "courier";
        yield return ApiOperation.Kratos("GET", "/admin/courier/messages", "listCourierMessages", courier, "List outgoing emails",
            Keyed(200, 400), PageSize, PageToken, Query("status", "queued, processing, sent or abandoned."), Query("recipient", "Only emails to this address."));
        yield return ApiOperation.Kratos("GET", "/admin/courier/messages/{id}", "getCourierMessage", courier, "Read one outgoing email with its delivery attempts",
            Keyed(200, 400, 404));

        yield return ApiOperation.Portal("GET", "/admin/audit", "listAuditEvents", "The audit log, newest first",
            Keyed(200, 400), PageSize, PageToken, Query("identity_id", "Only events about this identity."), Query("type", "Only events of this type, such as recovery.issued."),
            Query("actor", "Only events by this actor, such as admin:support-tool."), Query("since", "RFC 3339 time: not before."), Query("until", "RFC 3339 time: not after."));
        yield return ApiOperation.Portal("GET", "/admin/audit/{id}", "getAuditEvent", "One audit event", Keyed(200, 400, 404));
        foreach (var method in new[] { "POST", "PUT", "PATCH", "DELETE" })
        {
            var name = method[0] + method[1..].ToLowerInvariant();
            yield return ApiOperation.Portal(method, "/admin/audit", $"refuse{name}AuditEvents", "Refused: the audit log is append-only", Keyed(405));
            yield return ApiOperation.Portal(method, "/admin/audit/{id}", $"refuse{name}AuditEvent", "Refused: the audit log is append-only", Keyed(405));
        }

        yield return ApiOperation.Portal("POST", "/admin/sign-in", "signInToConsole", "The admin console's passkey sign-in (a form post; no API key)", [303, 400, 413]);
        yield return ApiOperation.Portal("POST", "/admin/sign-out", "signOutOfConsole", "The admin console's sign-out (a form post; no API key)", [303]);
    }
}
