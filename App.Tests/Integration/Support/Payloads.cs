using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace App.Tests.Integration.Support;

/// <summary>Ways to damage a WebAuthn credential JSON, for negative vectors.</summary>
public static class Payloads
{
    /// <summary>Replaces one member of <c>response</c> (or of the credential when <paramref name="inResponse"/> is false).</summary>
    public static string Replace(string credentialJson, string member, string value, bool inResponse = true)
    {
        var credential = JsonNode.Parse(credentialJson)!.AsObject();
        var target = inResponse ? credential["response"]!.AsObject() : credential;
        target[member] = value;
        return credential.ToJsonString();
    }

    /// <summary>Repeats the object's first member: <c>{"id":…,"id":…,…}</c>. Valid JSON text, but not an I-JSON object (RFC 7493 §2.3).</summary>
    public static string DuplicateFirstMember(string credentialJson)
    {
        var first = JsonNode.Parse(credentialJson)!.AsObject().First();
        var member = $"{JsonSerializer.Serialize(first.Key)}:{first.Value!.ToJsonString()},";
        return "{" + member + credentialJson[1..];
    }

    public static string RandomBase64Url(int length) => Authenticator.Base64Url.Encode(RandomNumberGenerator.GetBytes(length));

    /// <summary>A string long enough to push a request body over the 64 KiB limit.</summary>
    public static string Oversized() => new('A', 70 * 1024);
}

/// <summary>A body whose length is not announced (chunked), so a size limit must hold while reading.</summary>
public sealed class UnannouncedLengthContent(string text, string mediaType) : HttpContent
{
    private readonly byte[] bytes = Encoding.UTF8.GetBytes(text);

    public UnannouncedLengthContent Init()
    {
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return this;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
