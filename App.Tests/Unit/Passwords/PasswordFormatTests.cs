using System.Security.Cryptography;
using System.Text;
using App.Configuration;
using App.Credentials.Passwords;
using App.Credentials.Passwords.Formats;
using Konscious.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace App.Tests.Unit.Passwords;

/// <summary>
/// Every imported format verifies its password and refuses another: vectors made here with the
/// libraries themselves, and published ones (smallstep's <c>step crypto kdf</c> documentation for
/// bcrypt and PHC scrypt, with the password "password").
/// </summary>
public sealed class PasswordFormatTests
{
    private static readonly PasswordHashes Hashes = new(PortalSettings.From(new PortalOptions
    {
        Hashers = new HashersOptions { Argon2 = new Argon2Options { Memory = "1MB", Iterations = 1, Parallelism = 1 } },
    }));

    private static void Verifies(string hash, string password)
    {
        Assert.Null(PasswordHashes.Problem(hash));
        Assert.True(Hashes.Check(hash, password).Matches, hash);
        Assert.False(Hashes.Check(hash, password + "x").Matches, hash);
        Assert.False(Hashes.Check(hash, "").Matches, hash);
    }

    [Fact]
    public void Bcrypt_in_all_three_prefixes()
    {
        Verifies("$2a$10$kgYs5dEKs2C6Y5PXnU7eTuPzHMeSoCnkvtTL7ghsPDdSSmw5ec/sS", "password");
        var made = BCrypt.Net.BCrypt.HashPassword("correct horse", 4);
        Verifies(made, "correct horse");
        Verifies("$2b$" + made[4..], "correct horse");
        Verifies("$2y$" + made[4..], "correct horse");
        Assert.Equal("bcrypt", Hashes.Check(made, "correct horse").Format);
        Assert.True(Hashes.Check(made, "correct horse").Rehash);
    }

    [Theory]
    [InlineData("argon2id")]
    [InlineData("argon2i")]
    public void Argon2_PHC_strings(string variant)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        using Argon2 argon = variant == "argon2id" ? new Argon2id(Encoding.UTF8.GetBytes("hunter2 ü")) : new Argon2i(Encoding.UTF8.GetBytes("hunter2 ü"));
        (argon.Salt, argon.MemorySize, argon.Iterations, argon.DegreeOfParallelism) = (salt, 256, 2, 2);
        var key = argon.GetBytes(32);
        var hash = $"${variant}$v=19$m=256,t=2,p=2${Unpadded(salt)}${Unpadded(key)}";
        Verifies(hash, "hunter2 ü");
        Assert.Equal(variant, Hashes.Check(hash, "hunter2 ü").Format);
        // Another cost than the configured one is rehashed, the configured one is not.
        Assert.True(Hashes.Check(hash, "hunter2 ü").Rehash);
        var own = Hashes.Hash("hunter2 ü");
        Assert.StartsWith("$argon2id$v=19$m=1024,t=1,p=1$", own);
        Verifies(own, "hunter2 ü");
        Assert.False(Hashes.Check(own, "hunter2 ü").Rehash);
    }

    [Fact]
    public void Argon2id_from_Kratos_import_documentation_is_well_formed()
    {
        // Ory's import example; its password is not published, so only its shape is checked.
        Assert.Null(PasswordHashes.Problem("$argon2id$v=19$m=16,t=2,p=1$bmFjbGdpcm5lbg$Rlo3SL9HL4wmMCEMvsCLlg"));
    }

    [Theory]
    [InlineData("sha1", 20)]
    [InlineData("sha256", 32)]
    [InlineData("sha512", 64)]
    public void Pbkdf2_with_each_digest(string digest, int length)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var name = digest switch { "sha1" => HashAlgorithmName.SHA1, "sha256" => HashAlgorithmName.SHA256, _ => HashAlgorithmName.SHA512 };
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pässword"), salt, 1000, name, length);
        var hash = $"$pbkdf2-{digest}$i=1000,l={length}${Unpadded(salt)}${Unpadded(key)}";
        Verifies(hash, "pässword");
        Assert.Equal("pbkdf2-" + digest, Hashes.Check(hash, "pässword").Format);
    }

    [Fact]
    public void Pbkdf2_sha256_RFC_7914_vector()
    {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
        var key = Convert.FromHexString("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        Verifies($"$pbkdf2-sha256$i=1,l=64${Unpadded(Encoding.UTF8.GetBytes("salt"))}${Unpadded(key)}", "passwd");
    }

    [Fact]
    public void Scrypt_in_the_PHC_and_the_Kratos_dialects()
    {
        // Published by smallstep (ln = log2 N, unpadded base64).
        Verifies("$scrypt$ln=15,r=8,p=1$U8Fl1sO6LWkFeXs5GQS0vA$Rj8nPeaBFQUzbU21N+hhm3I/s1WTxao7Dje4G6ZvO9Q", "password");
        // RFC 7914 section 12: scrypt, P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64; Kratos writes N itself and pads.
        var key = Convert.FromHexString("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
        Verifies($"$scrypt$ln=1024,r=8,p=16${Convert.ToBase64String(Encoding.UTF8.GetBytes("NaCl"))}${Convert.ToBase64String(key)}", "password");
        Verifies($"$scrypt$ln=10,r=8,p=16${Convert.ToBase64String(Encoding.UTF8.GetBytes("NaCl"))}${Convert.ToBase64String(key)}", "password");
    }

    [Fact]
    public void AspNet_Identity_v3_and_v2_through_Identity_itself()
    {
        var v3 = new PasswordHasher<object>().HashPassword(new object(), "Identity!1");
        Verifies(AspNetIdentityFormat.Prefix + v3, "Identity!1");
        Assert.Equal((true, false), AspNetIdentityFormat.Check(AspNetIdentityFormat.Prefix + v3, "Identity!1"));

        // What Identity before .NET 7 wrote: v3 with HMAC-SHA256 and 10,000 iterations.
        var weak = AspNetIdentityFormat.Prefix + V3Sha256("Identity!1", 10_000);
        Verifies(weak, "Identity!1");
        Assert.Equal((true, true), AspNetIdentityFormat.Check(weak, "Identity!1"));

        var v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var old = AspNetIdentityFormat.Prefix + v2.HashPassword(new object(), "Identity!1");
        Verifies(old, "Identity!1");
        Assert.Equal((true, true), AspNetIdentityFormat.Check(old, "Identity!1"));
        // Whatever Identity thinks of it, an Identity hash is always replaced by argon2id.
        Assert.True(Hashes.Check(AspNetIdentityFormat.Prefix + v3, "Identity!1").Rehash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$md5$abc")]
    [InlineData("$2a$10$tooShort")]
    [InlineData("$2b$99$kgYs5dEKs2C6Y5PXnU7eTuPzHMeSoCnkvtTL7ghsPDdSSmw5ec/sS")]
    [InlineData("$argon2id$v=19$m=65536,t=3$c2FsdHNhbHQ$aGFzaGhhc2g")]
    [InlineData("$argon2id$v=16$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=99999999999,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=1$not*base64$aGFzaGhhc2g")]
    [InlineData("$pbkdf2-md5$i=1000,l=32$c2FsdA$aGFzaA")]
    [InlineData("$pbkdf2-sha256$i=0,l=32$c2FsdHNhbHQ$MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("$pbkdf2-sha256$l=32,i=1000$c2FsdHNhbHQ$MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("$scrypt$ln=1000,r=8,p=1$c2FsdHNhbHQ$MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("$aspnet-identity$")]
    [InlineData("$aspnet-identity$AQAAAAEAACcQAAAAE")]
    [InlineData("$aspnet-identity$AgAAAAEAACcQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Malformed_or_unknown_hashes_are_refused_without_checking(string hash)
    {
        Assert.NotNull(PasswordHashes.Problem(hash));
        // A sign-in against such a row never matches (and does the decoy's work).
        Assert.False(Hashes.Check(hash, "password").Matches);
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Identity's v3 layout: marker 1, PRF 1 (HMAC-SHA256), iterations, salt length, salt, 32 bytes of PBKDF2.</summary>
    private static string V3Sha256(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var bytes = new List<byte> { 1 };
        foreach (var value in new uint[] { 1, (uint)iterations, 16 })
            bytes.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        bytes.AddRange(salt);
        bytes.AddRange(key);
        return Convert.ToBase64String(bytes.ToArray());
    }
}
