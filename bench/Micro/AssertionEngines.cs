using System.Text;
using App.Ceremonies;
using App.Tests.Authenticator;
using BenchmarkDotNet.Attributes;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Micro;

/// <summary>
/// One assertion verified from its JSON, as the ceremony service does it: with Fido2 (ES256 and
/// EdDSA) and, for comparison, with ASP.NET Core Identity's passkey handler, which the portal used
/// before. Each call parses the credential JSON, checks challenge, origin, rpIdHash and flags, and
/// verifies the signature with the stored COSE key.
/// </summary>
[MemoryDiagnoser]
public class AssertionEngines
{
    private const string Origin = "http://localhost:4455";
    private static readonly byte[] UserHandle = Encoding.UTF8.GetBytes(CeremonyService.NewUserHandle());

    private readonly Fido2 fido2 = new(new Fido2Configuration { RPID = "localhost", RPName = "Identity", Origins = new HashSet<string> { Origin } });
    private Prepared es256 = null!, ed25519 = null!;
    private PasskeyHandler<BenchUser> identity = null!;
    private string identityJson = "", identityState = "";
    private readonly DefaultHttpContext http = new();

    private sealed record Prepared(AssertionOptions Options, string Json, byte[] PublicKey);

    [GlobalSetup]
    public async Task Setup()
    {
        es256 = PrepareFido2(CredentialKey.Es256);
        ed25519 = PrepareFido2(CredentialKey.EdDsa);
        if (await Verify(es256) == 0 || await Verify(ed25519) == 0) throw new InvalidOperationException("Fido2 refused the assertion.");
        await PrepareIdentityAsync();
        var check = await identity.PerformAssertionAsync(new PasskeyAssertionContext { HttpContext = http, CredentialJson = identityJson, AssertionState = identityState });
        if (!check.Succeeded) throw new InvalidOperationException("Identity refused the assertion: " + check.Failure.Message);
    }

    private Prepared PrepareFido2(long algorithm)
    {
        var authenticator = new SoftwareAuthenticator(algorithm: algorithm);
        var creation = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle, Name = "u", DisplayName = "u" },
            PubKeyCredParams = Algorithms.Offered,
        });
        authenticator.Create(creation.ToJson(), Origin);
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams { UserVerification = UserVerificationRequirement.Required });
        return new Prepared(options, authenticator.Get(options.ToJson(), Origin), authenticator.Credentials[0].Key.CoseKey());
    }

    private async Task<uint> Verify(Prepared prepared)
    {
        var response = CredentialJson.Read<AuthenticatorAssertionRawResponse>(prepared.Json)!;
        var result = await fido2.MakeAssertionAsync(new MakeAssertionParams
        {
            AssertionResponse = response,
            OriginalOptions = prepared.Options,
            StoredPublicKey = prepared.PublicKey,
            StoredSignatureCounter = 0,
            IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(UserHandle)),
        });
        return result.SignCount;
    }

    [Benchmark(Baseline = true)]
    public Task<uint> Fido2Es256() => Verify(es256);

    [Benchmark]
    public Task<uint> Fido2EdDsa() => Verify(ed25519);

    /// <summary>Only the JSON read into Fido2's model: the part of <see cref="Fido2Es256"/> before verification.</summary>
    [Benchmark]
    public object? Fido2ReadJson() => CredentialJson.Read<AuthenticatorAssertionRawResponse>(es256.Json);

    /// <summary>Only the COSE key imported and the signature checked, as Fido2 does it per call.</summary>
    [Benchmark]
    public bool Fido2CoseVerify()
    {
        var response = parsedEs256 ??= CredentialJson.Read<AuthenticatorAssertionRawResponse>(es256.Json)!;
        byte[] data = [.. response.Response.AuthenticatorData, .. System.Security.Cryptography.SHA256.HashData(response.Response.ClientDataJson)];
        return new CredentialPublicKey(es256.PublicKey).Verify(data, response.Response.Signature);
    }

    private AuthenticatorAssertionRawResponse? parsedEs256;

    [Benchmark]
    public async Task<bool> IdentityEs256() => await IdentityAssertion();

    private async Task<bool> IdentityAssertion() =>
        (await identity.PerformAssertionAsync(new PasskeyAssertionContext { HttpContext = http, CredentialJson = identityJson, AssertionState = identityState })).Succeeded;

    private async Task PrepareIdentityAsync()
    {
        var store = new BenchStore();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IUserStore<BenchUser>>(store);
        services.AddIdentityCore<BenchUser>();
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ServerDomain = "localhost";
            o.UserVerificationRequirement = "required";
            o.ValidateOrigin = context => ValueTask.FromResult(context.Origin == Origin);
        });
        var provider = services.BuildServiceProvider();
        http.RequestServices = provider;
        identity = new PasskeyHandler<BenchUser>(provider.GetRequiredService<UserManager<BenchUser>>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityPasskeyOptions>>());

        var authenticator = new SoftwareAuthenticator();
        var creation = await identity.MakeCreationOptionsAsync(new PasskeyUserEntity { Id = store.User.Id, Name = "u", DisplayName = "u" }, http);
        var attestation = await identity.PerformAttestationAsync(new PasskeyAttestationContext
        {
            HttpContext = http, CredentialJson = authenticator.Create(creation.CreationOptionsJson, Origin), AttestationState = creation.AttestationState,
        });
        store.Passkey = attestation.Succeeded ? attestation.Passkey : throw new InvalidOperationException("Identity refused the attestation: " + attestation.Failure.Message);
        var request = await identity.MakeRequestOptionsAsync(null, http);
        (identityJson, identityState) = (authenticator.Get(request.RequestOptionsJson, Origin), request.AssertionState!);
    }

    public sealed class BenchUser { public string Id { get; } = Encoding.UTF8.GetString(UserHandle); }

    /// <summary>One user with one passkey, in memory: Identity's handler reads both through its store.</summary>
    private sealed class BenchStore : IUserPasskeyStore<BenchUser>
    {
        public BenchUser User { get; } = new();
        public UserPasskeyInfo? Passkey { get; set; }
        public Task<BenchUser?> FindByPasskeyIdAsync(byte[] credentialId, CancellationToken c) =>
            Task.FromResult(Passkey is not null && Passkey.CredentialId.AsSpan().SequenceEqual(credentialId) ? User : null);
        public Task<BenchUser?> FindByIdAsync(string userId, CancellationToken c) => Task.FromResult<BenchUser?>(userId == User.Id ? User : null);
        public Task<UserPasskeyInfo?> FindPasskeyAsync(BenchUser user, byte[] credentialId, CancellationToken c) => Task.FromResult(Passkey);
        public Task<IList<UserPasskeyInfo>> GetPasskeysAsync(BenchUser user, CancellationToken c) => Task.FromResult<IList<UserPasskeyInfo>>(Passkey is null ? [] : [Passkey]);
        public Task AddOrUpdatePasskeyAsync(BenchUser user, UserPasskeyInfo passkey, CancellationToken c) => Task.CompletedTask;
        public Task RemovePasskeyAsync(BenchUser user, byte[] credentialId, CancellationToken c) => Task.CompletedTask;
        public Task<string> GetUserIdAsync(BenchUser user, CancellationToken c) => Task.FromResult(user.Id);
        public Task<string?> GetUserNameAsync(BenchUser user, CancellationToken c) => Task.FromResult<string?>("u");
        public Task SetUserNameAsync(BenchUser user, string? userName, CancellationToken c) => Task.CompletedTask;
        public Task<string?> GetNormalizedUserNameAsync(BenchUser user, CancellationToken c) => Task.FromResult<string?>("U");
        public Task SetNormalizedUserNameAsync(BenchUser user, string? normalizedName, CancellationToken c) => Task.CompletedTask;
        public Task<IdentityResult> CreateAsync(BenchUser user, CancellationToken c) => Task.FromResult(IdentityResult.Success);
        public Task<IdentityResult> UpdateAsync(BenchUser user, CancellationToken c) => Task.FromResult(IdentityResult.Success);
        public Task<IdentityResult> DeleteAsync(BenchUser user, CancellationToken c) => Task.FromResult(IdentityResult.Success);
        public Task<BenchUser?> FindByNameAsync(string normalizedUserName, CancellationToken c) => Task.FromResult<BenchUser?>(User);
        public void Dispose() { }
    }
}
