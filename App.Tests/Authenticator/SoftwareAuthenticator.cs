using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace App.Tests.Authenticator;

/// <summary>
/// A platform authenticator and its client rolled into one, in software: turns server options JSON
/// into the JSON a browser's PublicKeyCredential.toJSON() would post back (WebAuthn L3 §5.1).
/// ES256 or EdDSA keys; "none" attestation unless given a statement to make. Built for tests and
/// load drivers, not for protecting anything.
/// </summary>
public sealed class SoftwareAuthenticator
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly bool _discoverable;
    private readonly bool _userVerification;
    private readonly Guid _aaguid;
    private readonly long _algorithm;
    private readonly AttestationStatement? _attestation;
    private readonly List<StoredCredential> _credentials = [];
    private readonly object _gate = new();

    /// <param name="discoverable">Create client-side discoverable credentials; they also get BE/BS set, like a synced passkey.</param>
    /// <param name="userVerification">Whether the UV flag is set (the "biometric" succeeded).</param>
    /// <param name="aaguid">Defaults to all zeros, which is what a client sends with "none" attestation (§5.1.3).</param>
    /// <param name="algorithm">The COSE algorithm of new credentials: <see cref="CredentialKey.Es256"/> or <see cref="CredentialKey.EdDsa"/>.</param>
    /// <param name="attestation">Makes the attestation statement (§8); null sends "none".</param>
    public SoftwareAuthenticator(bool discoverable = true, bool userVerification = true, Guid? aaguid = null,
        long algorithm = CredentialKey.Es256, AttestationStatement? attestation = null)
    {
        _discoverable = discoverable;
        _userVerification = userVerification;
        _aaguid = aaguid ?? Guid.Empty;
        _algorithm = algorithm;
        _attestation = attestation;
    }

    /// <summary>Holds a credential made elsewhere, such as one a portal of an older version stored.</summary>
    public void Import(StoredCredential credential)
    {
        lock (_gate) _credentials.Add(credential);
    }

    public IReadOnlyList<StoredCredential> Credentials
    {
        get { lock (_gate) return _credentials.ToArray(); }
    }

    /// <summary>navigator.credentials.create(): registration (§5.1.3 client, §6.3.2 authenticatorMakeCredential).</summary>
    public string Create(string optionsJson, string origin, CeremonyTweaks? tweaks = null)
    {
        tweaks ??= new CeremonyTweaks();
        var options = CeremonyOptions.Parse(optionsJson);
        var rpId = options.RpId ?? HostOf(origin);
        var userHandle = options.UserId ?? throw new FormatException("Creation options have no user.id.");

        // §5.1.3: an empty pubKeyCredParams means the defaults, which include ES256 and EdDSA.
        if (options.Algorithms.Count > 0 && !options.Algorithms.Contains(_algorithm))
            throw new InvalidOperationException($"NotSupportedError: the server does not accept COSE algorithm {_algorithm}.");

        var key = CredentialKey.Create(_algorithm);
        var credential = new StoredCredential(
            tweaks.CredentialId ?? RandomNumberGenerator.GetBytes(32), key, rpId, userHandle, _discoverable, backupEligible: _discoverable);

        var flags = FlagsFor(credential, tweaks) | AuthenticatorFlags.AttestedCredentialData;
        var attested = AuthenticatorData.AttestedCredentialData(_aaguid, credential.Id, key.CoseKey());
        var authData = AuthenticatorData.Build(tweaks.RpIdForHash ?? rpId, flags, tweaks.SignCount ?? 0, attested);

        var clientData = ClientData.Build(
            tweaks.Type ?? ClientData.RegistrationType,
            tweaks.Challenge ?? Base64Url.Encode(options.Challenge),
            tweaks.Origin ?? origin);
        var attestationObject = (_attestation ?? AttestationStatement.None).Make(authData, SHA256.HashData(clientData), credential, rpId);

        lock (_gate)
        {
            // §6.3.2: an excluded credential we hold means InvalidStateError.
            if (_credentials.Any(c => c.RpId == rpId && options.ExcludeCredentials.Any(e => e.AsSpan().SequenceEqual(c.Id))))
                throw new InvalidOperationException("InvalidStateError: a credential in excludeCredentials is on this authenticator.");
            // §6.3.2: a new discoverable credential replaces one for the same RP and user.
            if (_discoverable)
                _credentials.RemoveAll(c => c.Discoverable && c.RpId == rpId && c.UserHandle.AsSpan().SequenceEqual(userHandle));
            _credentials.Add(credential);
        }

        return WriteCredentialJson(credential.Id, writer =>
        {
            writer.WriteString("clientDataJSON", Base64Url.Encode(clientData));
            writer.WriteString("attestationObject", Base64Url.Encode(attestationObject));
            writer.WriteStartArray("transports");
            writer.WriteStringValue("internal");
            writer.WriteEndArray();
        });
    }

    /// <summary>navigator.credentials.get(): sign-in (§5.1.4 client, §6.3.3 authenticatorGetAssertion).</summary>
    public string Get(string optionsJson, string origin, CeremonyTweaks? tweaks = null)
    {
        tweaks ??= new CeremonyTweaks();
        var options = CeremonyOptions.Parse(optionsJson);
        var rpId = options.RpId ?? HostOf(origin);
        var credential = tweaks.Credential ?? Select(options, rpId);

        var clientData = ClientData.Build(
            tweaks.Type ?? ClientData.AssertionType,
            tweaks.Challenge ?? Base64Url.Encode(options.Challenge),
            tweaks.Origin ?? origin);

        byte[] authData;
        byte[] signature;
        lock (credential.Gate)
        {
            // §6.1.1: the counter advances on every assertion; a tweak only changes what is reported.
            var count = credential.IncrementSignCount();
            authData = AuthenticatorData.Build(tweaks.RpIdForHash ?? rpId, FlagsFor(credential, tweaks), tweaks.SignCount ?? count);
            // §6.3.3: sign authenticatorData || SHA-256(clientDataJSON).
            signature = credential.Key.Sign([.. authData, .. SHA256.HashData(clientData)]);
        }

        // The last byte belongs to s (of a DER ECDSA signature, or of a raw EdDSA one), so flipping a bit there keeps it parseable.
        if (tweaks.CorruptSignature) signature[^1] ^= 0x01;

        var userHandle = tweaks.UserHandle ?? (credential.Discoverable ? credential.UserHandle : null);
        return WriteCredentialJson(credential.Id, writer =>
        {
            writer.WriteString("clientDataJSON", Base64Url.Encode(clientData));
            writer.WriteString("authenticatorData", Base64Url.Encode(authData));
            writer.WriteString("signature", Base64Url.Encode(signature));
            if (userHandle is not null) writer.WriteString("userHandle", Base64Url.Encode(userHandle));
        });
    }

    private StoredCredential Select(CeremonyOptions options, string rpId)
    {
        lock (_gate)
        {
            var forRp = _credentials.Where(c => c.RpId == rpId);
            // §6.3.3: with an allow list only listed credentials qualify; without one, only discoverable ones.
            var chosen = options.AllowCredentials.Count > 0
                ? forRp.FirstOrDefault(c => options.AllowCredentials.Any(a => a.AsSpan().SequenceEqual(c.Id)))
                : forRp.FirstOrDefault(c => c.Discoverable);
            return chosen ?? throw new InvalidOperationException(
                $"NotAllowedError: no usable credential for RP ID '{rpId}' on this authenticator.");
        }
    }

    private AuthenticatorFlags FlagsFor(StoredCredential credential, CeremonyTweaks tweaks)
    {
        var flags = AuthenticatorFlags.None;
        if (tweaks.UserPresent ?? true) flags |= AuthenticatorFlags.UserPresent;
        if (tweaks.UserVerified ?? _userVerification) flags |= AuthenticatorFlags.UserVerified;
        if (tweaks.BackupEligible ?? credential.BackupEligible) flags |= AuthenticatorFlags.BackupEligible;
        // A synced passkey is backed up as soon as it exists, so BS follows BE by default.
        if (tweaks.BackupState ?? credential.BackupEligible) flags |= AuthenticatorFlags.BackupState;
        return flags;
    }

    // §5.1.3 / §5.1.4: with no RP ID given, the client uses the origin's effective domain.
    private static string HostOf(string origin) => new Uri(origin).Host;

    private static string WriteCredentialJson(byte[] credentialId, Action<Utf8JsonWriter> writeResponse)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            var id = Base64Url.Encode(credentialId);
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("rawId", id);
            writer.WriteString("type", "public-key");
            writer.WriteString("authenticatorAttachment", "platform");
            writer.WriteStartObject("clientExtensionResults");
            writer.WriteEndObject();
            writer.WriteStartObject("response");
            writeResponse(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
