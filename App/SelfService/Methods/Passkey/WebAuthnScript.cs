using System.Security.Cryptography;
using App.Configuration;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// The browser script behind the passkey nodes. The portal's own <c>js/passkeys.js</c> is served
/// as Kratos's <c>/.well-known/ory/webauthn.js</c> too, so Kratos UIs get the same code, and the
/// script node's integrity hash is computed from the bytes actually served.
/// </summary>
public sealed class WebAuthnScript
{
    public const string Path = "/.well-known/ory/webauthn.js";

    public WebAuthnScript(IWebHostEnvironment environment, PortalSettings settings)
    {
        var file = environment.WebRootFileProvider.GetFileInfo("js/passkeys.js");
        using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Bytes = buffer.ToArray();
        Integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(Bytes));
        Src = settings.PublicUrl(Path.TrimStart('/'));
    }

    public byte[] Bytes { get; }
    public string Integrity { get; }
    public string Src { get; }

    public UiNode Node() => NodeFactory.Script(UiGroups.WebAuthn, "webauthn_script", Src, Integrity);
}
