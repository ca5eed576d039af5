using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// Which authenticators may register (https://www.w3.org/TR/webauthn-3/#sctn-attestation). The
/// default asks for no attestation, as consumer sites should: it costs users a prompt and tells the
/// site little. An organisation that hands out approved security keys sets <c>direct</c>, a metadata
/// BLOB and the AAGUIDs it approved.
/// </summary>
public sealed class AttestationOptions
{
    /// <summary>
    /// The attestation conveyance preference sent at registration
    /// (https://www.w3.org/TR/webauthn-3/#enumdef-attestationconveyancepreference): <c>none</c>
    /// (default) or <c>direct</c>. Whatever is asked, a statement the authenticator sends is verified,
    /// and one that does not verify is refused.
    /// </summary>
    [ConfigurationKeyName("conveyance")] public string Conveyance { get; set; } = "none";

    /// <summary>
    /// A FIDO Metadata Service (MDS3) BLOB on disk (https://fidoalliance.org/metadata/), read once at
    /// start-up and never fetched. It names authenticators, gives their attestation roots, and marks
    /// revoked or compromised ones, which are then refused. Default: none.
    /// </summary>
    [ConfigurationKeyName("metadata_path")] public string? MetadataPath { get; set; }

    /// <summary>
    /// The PEM certificate the BLOB's signing chain must end in. Default: the FIDO Alliance's root
    /// (GlobalSign Root CA - R3), which signs the public MDS3 BLOB. Set it for a private metadata service.
    /// </summary>
    [ConfigurationKeyName("metadata_root_path")] public string? MetadataRootPath { get; set; }

    /// <summary>
    /// When set, only authenticators with these AAGUIDs may register, and they must prove it with an
    /// attestation that chains to a root in the metadata BLOB: an AAGUID alone is a claim anyone can
    /// make. Needs <c>conveyance: direct</c> and <c>metadata_path</c>. Default: any authenticator.
    /// </summary>
    [ConfigurationKeyName("allowed_aaguids")] public List<string> AllowedAaguids { get; set; } = [];
}
