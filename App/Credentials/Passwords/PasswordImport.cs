using System.Text.Json.Nodes;
using App.KratosJson;

namespace App.Credentials.Passwords;

/// <summary>
/// Kratos's import shape for a password, <c>credentials.password.config</c> of
/// <c>createIdentityBody</c> and <c>updateIdentityBody</c>: <c>hashed_password</c> in a supported
/// format, or <c>password</c> in clear, which is hashed with argon2id on the way in, as Kratos does.
/// </summary>
public static class PasswordImport
{
    /// <summary>The hash to store, null when the body brings no password, or a 400 for a bad one.</summary>
    public static (string? Hash, ErrorEnvelope? Problem) Read(JsonObject body, PasswordHashes hashes)
    {
        if (body["credentials"] is null) return (null, null);
        if (body["credentials"] is not JsonObject credentials) return Bad("credentials must be a JSON object.");
        if (credentials["password"] is null) return (null, null);
        if (credentials["password"] is not JsonObject { } password || password["config"] is not JsonObject config)
            return Bad("credentials.password.config must be a JSON object.");
        var hashed = Text(config, "hashed_password", out var badHashed);
        var clear = Text(config, "password", out var badClear);
        if (badHashed || badClear) return Bad("credentials.password.config.hashed_password and password must be strings.");
        if (hashed is { Length: > 0 } && clear is { Length: > 0 }) return Bad("Give either credentials.password.config.hashed_password or password, not both.");
        if (hashed is { Length: > 0 })
            return PasswordHashes.Problem(hashed) is { } problem ? Bad($"credentials.password.config.hashed_password: {problem}") : (hashed, null);
        if (clear is { Length: > 0 })
            return clear.Length > 1024 ? Bad("credentials.password.config.password is longer than 1024 characters.") : (hashes.Hash(clear), null);
        return Bad("credentials.password.config needs hashed_password or password.");
    }

    private static string? Text(JsonObject config, string name, out bool bad)
    {
        bad = false;
        if (config[name] is null) return null;
        if (config[name] is JsonValue v && v.TryGetValue<string>(out var text)) return text;
        bad = true;
        return null;
    }

    private static (string?, ErrorEnvelope?) Bad(string reason) => (null, KratosErrors.BadRequest(reason));
}
