using System.Text;
using System.Text.Json.Nodes;
using App.Ceremonies;
using App.KratosJson;

namespace App.Credentials.Passkeys;

/// <summary>The passkeys of an identity being imported, and the user handle their authenticators hold.</summary>
public sealed record ImportedPasskeys(string UserHandle, IReadOnlyList<Passkey> Passkeys);

/// <summary>
/// This portal's addition to Kratos's import: <c>credentials.passkey.config</c> of
/// <c>createIdentityBody</c>, in the shape Kratos stores a passkey credential
/// (<c>identity/credentials_webauthn.go</c>) with each passkey's <c>public_key</c>, so that accounts
/// moved from Kratos keep their passkeys. Nothing here was verified by a ceremony, so every field
/// a sign-in relies on is checked: the key, the ids and the user handle.
/// </summary>
public static class PasskeyImport
{
    /// <summary>More than any person registers; an import beyond it is a mistake.</summary>
    public const int MaxPasskeys = 100;
    /// <summary>WebAuthn L3 §5.4.3: a user handle is at most 64 bytes.</summary>
    public const int MaxUserHandleBytes = 64;
    /// <summary>WebAuthn L3 §6.1: a credential id is at most 1023 bytes.</summary>
    public const int MaxCredentialIdBytes = 1023;
    private const int MaxTextLength = 256;

    /// <summary>The passkeys to store, null when the body brings none, or a 400 for bad ones.</summary>
    public static (ImportedPasskeys? Passkeys, ErrorEnvelope? Problem) Read(JsonObject body, PasskeyProviders providers, DateTime now)
    {
        if (body["credentials"] is not JsonObject credentials || credentials["passkey"] is null) return (null, null);
        if (credentials["passkey"] is not JsonObject { } passkey || passkey["config"] is not JsonObject config)
            return Bad("credentials.passkey.config must be a JSON object.");
        if (UserHandle(config["user_handle"]) is not { } handle)
            return Bad($"credentials.passkey.config.user_handle must be the user handle the passkeys were made with: up to {MaxUserHandleBytes} printable ASCII characters, or their base64.");
        if (config["credentials"] is not JsonArray { Count: > 0 and <= MaxPasskeys } entries)
            return Bad($"credentials.passkey.config.credentials must list 1 to {MaxPasskeys} passkeys.");
        var passkeys = new List<Passkey>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (read, problem) = ReadOne(entries[i], providers, now);
            if (problem is not null) return Bad($"credentials.passkey.config.credentials[{i}].{problem}");
            if (passkeys.Any(p => p.CredentialId.AsSpan().SequenceEqual(read!.CredentialId)))
                return Bad($"credentials.passkey.config.credentials[{i}].id appears twice in the import.");
            passkeys.Add(read!);
        }
        return (new ImportedPasskeys(handle, passkeys), null);
    }

    private static (Passkey?, string?) ReadOne(JsonNode? node, PasskeyProviders providers, DateTime now)
    {
        if (node is not JsonObject entry) return (null, "must be an object");
        if (!Base64Url.TryDecodeEither(Text(entry, "id"), out var id) || id.Length is 0 or > MaxCredentialIdBytes)
            return (null, $"id must be the credential id in base64 or base64url, 1 to {MaxCredentialIdBytes} bytes");
        if (!Base64Url.TryDecodeEither(Text(entry, "public_key"), out var key)) return (null, "public_key must be the COSE_Key in base64 or base64url");
        if (CoseKeys.Problem(key) is { } badKey) return (null, $"public_key {badKey}");
        var authenticator = entry["authenticator"] as JsonObject;
        if (entry["authenticator"] is not (null or JsonObject)) return (null, "authenticator must be an object");
        if (Aaguid(authenticator?["aaguid"]) is not { } aaguid) return (null, "authenticator.aaguid must be a UUID, or 16 bytes in base64");
        if (SignCount(authenticator?["sign_count"]) is not { } signCount) return (null, "authenticator.sign_count must be an integer from 0 to 4294967295");
        var flags = entry["flags"] as JsonObject;
        if (entry["flags"] is not (null or JsonObject)) return (null, "flags must be an object");
        bool? userVerified = Flag(flags, "user_verified"), backupEligible = Flag(flags, "backup_eligible"), backedUp = Flag(flags, "backup_state");
        if (userVerified is null || backupEligible is null || backedUp is null) return (null, "flags.user_verified, backup_eligible and backup_state must be true or false");
        if (Transports(entry["transport"]) is not { } transports) return (null, "transport must be a list of at most 8 strings");
        if (!OptionalText(entry, "display_name", out var name) || !OptionalText(entry, "attestation_type", out var attestation))
            return (null, $"display_name and attestation_type must be strings of at most {MaxTextLength} characters");
        if (!AddedAt(entry["added_at"], now, out var addedAt)) return (null, "added_at must be an RFC 3339 date-time");
        return (new Passkey
        {
            CredentialId = id,
            PublicKey = key,
            // An unnamed passkey is named as a newly registered one would be, after its provider.
            DisplayName = name is { Length: > 0 } ? name : providers.Find(aaguid)?.Name ?? PasskeyProviders.Describe(transports, backedUp.Value, null),
            SignCount = signCount,
            Transports = transports.Count > 0 ? string.Join(',', transports) : null,
            IsUserVerified = userVerified.Value,
            IsBackupEligible = backupEligible.Value,
            IsBackedUp = backedUp.Value,
            Aaguid = aaguid,
            AttestationFormat = attestation is { Length: > 0 } ? attestation : "none",
            CreatedAt = addedAt,
        }, null);
    }

    /// <summary>
    /// Kratos's export of the handle's bytes in base64 (Go's <c>[]byte</c>), or the handle as this
    /// portal exports it: the text whose bytes the authenticator holds. Base64 is tried first and
    /// taken only when it decodes to a handle; the portal's handles are 64 random alphanumerics,
    /// whose 48 decoded bytes are all printable with a chance of about 1 in 10^21.
    /// </summary>
    private static string? UserHandle(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text)) return null;
        if (Base64Url.TryDecodeEither(text, out var bytes) && bytes.All(b => b is > 0x20 and < 0x7F) && Encoding.ASCII.GetString(bytes) is var decoded && IsHandle(decoded))
            return decoded;
        return IsHandle(text) ? text : null;
    }

    // Printable ASCII, so the stored text and the authenticator's bytes are the same thing.
    private static bool IsHandle(string text) => text.Length is > 0 and <= MaxUserHandleBytes && text.All(c => c is > ' ' and < '\x7F');

    private static Guid? Aaguid(JsonNode? node)
    {
        if (node is null) return Guid.Empty;
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text)) return null;
        if (Guid.TryParseExact(text, "D", out var id)) return id;
        // Kratos keeps the 16 bytes as the authenticator data has them, most significant first.
        return Base64Url.TryDecodeEither(text, out var bytes) && bytes.Length == 16 ? new Guid(bytes, bigEndian: true) : null;
    }

    private static long? SignCount(JsonNode? node)
    {
        if (node is null) return 0;
        return node is JsonValue v && v.TryGetValue<long>(out var count) && count is >= 0 and <= uint.MaxValue ? count : null;
    }

    private static bool? Flag(JsonObject? flags, string name)
    {
        if (flags?[name] is null) return false;
        return flags[name] is JsonValue v && v.TryGetValue<bool>(out var flag) ? flag : null;
    }

    private static List<string>? Transports(JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonArray { Count: <= 8 } list) return null;
        var names = new List<string>();
        foreach (var item in list)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var name)) return null;
            // A name WebAuthn adds later is skipped, as the ceremonies skip it.
            if (Ceremonies.Transports.Parse(name) is { Length: 1 } && !names.Contains(name)) names.Add(name);
        }
        return names;
    }

    private static bool AddedAt(JsonNode? node, DateTime now, out DateTime at)
    {
        at = now;
        if (node is null) return true;
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text)
            || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        at = parsed.UtcDateTime;
        return true;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static bool OptionalText(JsonObject entry, string name, out string? text)
    {
        text = null;
        if (entry[name] is null) return true;
        text = Text(entry, name);
        return text is { Length: <= MaxTextLength };
    }

    private static (ImportedPasskeys?, ErrorEnvelope?) Bad(string reason) => (null, KratosErrors.BadRequest(reason));
}
