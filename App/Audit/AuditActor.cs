namespace App.Audit;

/// <summary>
/// Who caused an audit event: the person themselves, an administrator (an admin API key's name, or
/// an administrator's identity in the console), the portal on its own, or an unknown caller.
/// </summary>
public static class AuditActor
{
    public const string Self = "identity";
    public const string System = "system";
    /// <summary>Someone who could not say who they are, such as a caller of the admin API without a valid key.</summary>
    public const string Anonymous = "anonymous";

    private const string ItemKey = "portal.audit.actor";

    /// <summary>An administrator acting through the admin API or console, by name: <c>admin:support-tool</c>.</summary>
    public static string Admin(string name) => "admin:" + name;

    /// <summary>Marks this request as an administrator's; the admin listener's authentication calls it.</summary>
    public static void SetAdmin(HttpContext http, string name) => http.Items[ItemKey] = Admin(name);

    /// <summary>Marks this request as one whose caller is unknown.</summary>
    public static void SetAnonymous(HttpContext http) => http.Items[ItemKey] = Anonymous;

    /// <summary>The request's administrator, else the person when the event concerns an identity, else the system.</summary>
    public static string Of(HttpContext? http, Guid? identityId) =>
        http?.Items[ItemKey] as string ?? (identityId is null || http is null ? System : Self);
}
