using Fido2NetLib;

namespace App.Ceremonies;

/// <summary>
/// The COSE algorithms offered in <c>pubKeyCredParams</c>: Kratos's list (go-webauthn's defaults), in
/// its order of preference. ES256 first, since nearly every authenticator has it; EdDSA last.
/// </summary>
public static class Algorithms
{
    public static readonly IReadOnlyList<PubKeyCredParam> Offered =
    [
        PubKeyCredParam.ES256, PubKeyCredParam.ES384, PubKeyCredParam.ES512,
        PubKeyCredParam.RS256, PubKeyCredParam.RS384, PubKeyCredParam.RS512,
        PubKeyCredParam.PS256, PubKeyCredParam.PS384, PubKeyCredParam.PS512,
        PubKeyCredParam.Ed25519,
    ];
}
