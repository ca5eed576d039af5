using App.Sessions;

namespace App.Tests.Unit.Ceremonies;

/// <summary>Opaque bearer tokens in Kratos's shape (ory_st_…, ory_lo_…), stored only as SHA-256.</summary>
public sealed class SessionTokensTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    [Fact]
    public void Session_and_logout_tokens_have_their_prefix_and_32_random_characters()
    {
        var session = SessionTokens.NewSessionToken();
        var logout = SessionTokens.NewLogoutToken();

        Assert.Matches("^ory_st_[A-Za-z0-9]{32}$", session);
        Assert.Matches("^ory_lo_[A-Za-z0-9]{32}$", logout);
        Assert.True(SessionTokens.IsWellFormed(session));
        Assert.True(SessionTokens.IsWellFormed(logout));
    }

    [Fact]
    public void Tokens_are_unique_and_use_the_whole_alphabet()
    {
        var tokens = Enumerable.Range(0, 2_000).Select(_ => SessionTokens.NewSessionToken()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        // 64 000 draws from 62 characters: a character that never shows up means a biased generator.
        Assert.Equal(Alphabet.Order(), tokens.SelectMany(t => t[7..]).Distinct().Order());
    }

    [Fact]
    public void Hash_is_sha256_of_the_token()
    {
        var token = SessionTokens.NewSessionToken();

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), SessionTokens.Hash(token));
        Assert.Equal(32, SessionTokens.Hash(token).Length);
        Assert.Equal(SessionTokens.Hash(token), SessionTokens.Hash(token));
        Assert.NotEqual(SessionTokens.Hash(token), SessionTokens.Hash(token[..^1] + (token[^1] == 'a' ? 'b' : 'a')));
    }

    [Theory]
    [InlineData("ory_st_abcdefgh")]
    [InlineData("abcdefgh")]
    [InlineData("ory_ht_0123456789ABCDEFabcdef")]
    public void Plausible_tokens_are_well_formed(string token)
    {
        Assert.True(SessionTokens.IsWellFormed(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ory_st_")]
    [InlineData("abcdefg")]
    [InlineData("ory_st_abc def")]
    [InlineData("ory_st_abc-def")]
    [InlineData("ory_st_abc.def")]
    [InlineData("ory_st_abc+def/")]
    [InlineData("ory_st_ab'--")]
    [InlineData("ory_st_abcdé")]
    [InlineData("ory_st_abcd\u0000")]
    [InlineData("ory_st_abcd\n")]
    [InlineData("ory_st_abcdｆ")] // full-width letter
    [InlineData("ory_st_abcd٣")] // Arabic-Indic digit
    public void Junk_is_not_well_formed(string? token)
    {
        Assert.False(SessionTokens.IsWellFormed(token));
    }

    [Fact]
    public void Tokens_longer_than_128_characters_are_not_well_formed()
    {
        Assert.True(SessionTokens.IsWellFormed(new string('a', 128)));
        Assert.False(SessionTokens.IsWellFormed(new string('a', 129)));
        Assert.False(SessionTokens.IsWellFormed(new string('a', 100_000)));
    }
}
