using System.Text.Encodings.Web;
using System.Text.Json;

namespace App.Tests.Authenticator;

/// <summary>Builds clientDataJSON (WebAuthn L3 §5.8.1, serialized as in §5.8.1.1).</summary>
public static class ClientData
{
    public const string RegistrationType = "webauthn.create";
    public const string AssertionType = "webauthn.get";

    // Relaxed escaping keeps '+', '&' etc. literal, as a browser's JSON serialization would.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Members in the order §5.8.1.1 fixes: type, challenge, origin, crossOrigin.</summary>
    public static byte[] Build(string type, string challenge, string origin)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("challenge", challenge);
            writer.WriteString("origin", origin);
            writer.WriteBoolean("crossOrigin", false);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
