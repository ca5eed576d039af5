using App.Credentials.LookupSecrets;

namespace App.Tests.Unit.LookupSecrets;

/// <summary>What a backup code looks like, and how a typed one is read.</summary>
public sealed class BackupCodeFormatTests
{
    [Fact]
    public void A_set_is_ten_distinct_codes_without_characters_people_confuse()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var set = BackupCodeFormat.NewSet();
            Assert.Equal(10, set.Count);
            Assert.Equal(10, set.Distinct().Count());
            Assert.All(set, c => Assert.Matches("^[2-9a-hjkmnp-z]{8}$", c));
            foreach (var code in set) seen.Add(code);
        }
        // 2,000 codes from 31^8 possibilities: a repeat would mean the source is not random.
        Assert.Equal(2000, seen.Count);
        Assert.Equal(31, seen.SelectMany(c => c).Distinct().Count());
    }

    [Theory]
    [InlineData("abcd2345", "abcd2345")]
    [InlineData("ABCD 2345", "abcd2345")]
    [InlineData(" abcd-2345\t", "abcd2345")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_typed_code_ignores_case_spaces_and_dashes(string? typed, string read) =>
        Assert.Equal(read, BackupCodeFormat.Normalize(typed));

    [Fact]
    public void Overlong_input_is_cut_so_it_costs_no_more_than_a_code() =>
        Assert.Equal(64, BackupCodeFormat.Normalize(new string('a', 100_000)).Length);
}
