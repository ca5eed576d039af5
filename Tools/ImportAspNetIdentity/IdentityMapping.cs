using System.Text.Json.Nodes;

namespace ImportAspNetIdentity;

/// <summary>
/// How one Identity user becomes one portal identity (Kratos <c>createIdentityBody</c>):
/// <list type="bullet">
/// <item><c>Email</c> → <c>traits.email</c>; <c>EmailConfirmed</c> → a verified address.</item>
/// <item><c>PasswordHash</c> → <c>credentials.password.config.hashed_password</c> as <c>$aspnet-identity$</c> and the column verbatim.</item>
/// <item><c>LockoutEnd</c> in the future → <c>state: inactive</c> (the portal has no timed lockout; an administrator activates the account again).</item>
/// <item>Claims, the Identity user id and user name → <c>metadata_admin.aspnet_identity</c>.</item>
/// </list>
/// </summary>
public static class IdentityMapping
{
    public const string HashPrefix = "$aspnet-identity$";

    /// <summary>Why the user cannot be imported, or null.</summary>
    public static string? SkipReason(SourceUser source) =>
        string.IsNullOrWhiteSpace(source.User.Email) ? "no email address" : null;

    public static bool LockedOut(SourceUser source, DateTimeOffset now) =>
        source.User.LockoutEnabled && source.User.LockoutEnd is { } end && end > now;

    public static JsonObject Body(SourceUser source, DateTimeOffset now, string? schemaId)
    {
        var user = source.User;
        var email = user.Email!.Trim();
        var claims = new JsonObject();
        foreach (var group in source.Claims.Where(c => c.ClaimType is not null).GroupBy(c => c.ClaimType!))
            claims[group.Key] = new JsonArray(group.Select(c => (JsonNode?)JsonValue.Create(c.ClaimValue)).ToArray());
        var body = new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = email },
            ["state"] = LockedOut(source, now) ? "inactive" : "active",
            ["metadata_admin"] = new JsonObject
            {
                ["aspnet_identity"] = new JsonObject
                {
                    ["id"] = user.Id,
                    ["user_name"] = user.UserName,
                    ["claims"] = claims,
                    ["lockout_end"] = user.LockoutEnd?.ToString("O"),
                },
            },
        };
        if (schemaId is not null) body["schema_id"] = schemaId;
        if (user.EmailConfirmed)
            body["verifiable_addresses"] = new JsonArray(new JsonObject { ["value"] = email, ["verified"] = true, ["via"] = "email", ["status"] = "completed" });
        if (!string.IsNullOrEmpty(user.PasswordHash))
            body["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = HashPrefix + user.PasswordHash } } };
        return body;
    }
}
