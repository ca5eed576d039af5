using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Ui;
using App.Sessions;
using App.Tests.Authenticator;
using BenchmarkDotNet.Attributes;

namespace Micro;

/// <summary>
/// The signature check of a passkey sign-in: the least CPU a server can spend on one. The assertion
/// comes from the same software authenticator the load driver uses.
/// </summary>
[MemoryDiagnoser]
public class SignInCrypto
{
    private const string Origin = "http://localhost:4455";
    private SoftwareAuthenticator _authenticator = null!;
    private string _requestOptions = "";
    private ECParameters _publicKey;
    private ECDsa _verifier = null!;
    private byte[] _authenticatorData = [];
    private byte[] _clientDataJson = [];
    private byte[] _signedData = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _authenticator = new SoftwareAuthenticator();
        _authenticator.Create(JsonSerializer.Serialize(new
        {
            publicKey = new
            {
                challenge = Challenge(),
                rp = new { id = "localhost", name = "Identity" },
                user = new { id = App.Tests.Authenticator.Base64Url.Encode(RandomNumberGenerator.GetBytes(64)), name = "u", displayName = "u" },
                pubKeyCredParams = new[] { new { type = "public-key", alg = -7 } },
            },
        }), Origin);
        _requestOptions = JsonSerializer.Serialize(new { publicKey = new { challenge = Challenge(), rpId = "localhost", userVerification = "required" } });

        using var assertion = JsonDocument.Parse(_authenticator.Get(_requestOptions, Origin));
        var response = assertion.RootElement.GetProperty("response");
        _authenticatorData = App.Tests.Authenticator.Base64Url.Decode(response.GetProperty("authenticatorData").GetString()!);
        _clientDataJson = App.Tests.Authenticator.Base64Url.Decode(response.GetProperty("clientDataJSON").GetString()!);
        _signature = App.Tests.Authenticator.Base64Url.Decode(response.GetProperty("signature").GetString()!);
        _signedData = [.. _authenticatorData, .. SHA256.HashData(_clientDataJson)];
        _publicKey = ((Es256Key)_authenticator.Credentials[0].Key).Ecdsa.ExportParameters(includePrivateParameters: false);
        _verifier = ECDsa.Create(_publicKey);
        if (!VerifyOnly()) throw new InvalidOperationException("The assertion does not verify.");
    }

    private static string Challenge() => App.Tests.Authenticator.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>ECDSA P-256 verify with the key already loaded: the floor.</summary>
    [Benchmark(Baseline = true)]
    public bool VerifyOnly() =>
        _verifier.VerifyData(_signedData, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>
    /// What a server does per assertion when the stored public key is decoded anew each time:
    /// load the key, hash clientDataJSON, concatenate, verify.
    /// </summary>
    [Benchmark]
    public bool LoadKeyHashAndVerify()
    {
        using var key = ECDsa.Create(_publicKey);
        byte[] data = [.. _authenticatorData, .. SHA256.HashData(_clientDataJson)];
        return key.VerifyData(data, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>The client's side of a sign-in (the load driver's cost): sign and write the credential JSON.</summary>
    [Benchmark]
    public int AuthenticatorGet() => _authenticator.Get(_requestOptions, Origin).Length;
}

/// <summary>Per-request token work: session token hashing (every authenticated request) and CSRF masking (every form).</summary>
[MemoryDiagnoser]
public class Tokens
{
    private readonly string _token = SessionTokens.NewSessionToken();
    private readonly byte[] _csrfSecret = RandomNumberGenerator.GetBytes(32);

    [Benchmark]
    public byte[] SessionTokenHash() => SessionTokens.Hash(_token);

    [Benchmark]
    public string NewSessionToken() => SessionTokens.NewSessionToken();

    [Benchmark]
    public bool SessionTokenIsWellFormed() => SessionTokens.IsWellFormed(_token);

    [Benchmark]
    public string CsrfMask() => Csrf.Mask(_csrfSecret);
}

/// <summary>
/// The flow's form is stored as JSON on the flow row, so each request reads and writes it:
/// creating a login flow serialises it, reads it back to fill in the CSRF token and then writes
/// the response; submitting reads it and writes it again.
/// </summary>
[MemoryDiagnoser]
public class FlowJsonCost
{
    private string _uiJson = "";
    private UiContainer _ui = null!;
    private Flow _flow = null!;

    [GlobalSetup]
    public void Setup()
    {
        _uiJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "login-ui.json"));
        _ui = JsonSerializer.Deserialize<UiContainer>(_uiJson, KratosJsonOptions.Default)!;
        _uiJson = JsonSerializer.Serialize(_ui, KratosJsonOptions.Default);
        var now = DateTime.UtcNow;
        _flow = new Flow
        {
            Kind = FlowKinds.Login,
            Type = FlowTypes.Browser,
            IssuedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddHours(1),
            RequestUrl = "http://localhost:4455/self-service/login/browser",
            Ui = _uiJson,
        };
    }

    [Benchmark]
    public UiContainer ReadUi() => JsonSerializer.Deserialize<UiContainer>(_uiJson, KratosJsonOptions.Default)!;

    [Benchmark]
    public string WriteUi() => JsonSerializer.Serialize(_ui, KratosJsonOptions.Default);

    [Benchmark]
    public byte[] FlowResponse() => JsonSerializer.SerializeToUtf8Bytes(FlowJson.From(_flow, _ui), KratosJsonOptions.Default);

    /// <summary>The form's JSON work in one login flow creation: write, read back, answer.</summary>
    [Benchmark]
    public int CreateFlowJsonPath()
    {
        var stored = JsonSerializer.Serialize(_ui, KratosJsonOptions.Default);
        var ui = JsonSerializer.Deserialize<UiContainer>(stored, KratosJsonOptions.Default)!;
        return JsonSerializer.SerializeToUtf8Bytes(FlowJson.From(_flow, ui), KratosJsonOptions.Default).Length;
    }

    [Benchmark]
    public int Utf8Length() => Encoding.UTF8.GetByteCount(_uiJson);
}
