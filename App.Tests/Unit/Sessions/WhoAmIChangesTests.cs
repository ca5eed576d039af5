using App.Sessions;

namespace App.Tests.Unit.Sessions;

/// <summary>
/// Which statements move whoami's cache counter. SQLite's SQL quotes table names and Npgsql's leaves
/// lower-case ones bare; a write missed on either would keep answering for a revoked session.
/// </summary>
public sealed class WhoAmIChangesTests
{
    [Theory]
    [InlineData("UPDATE \"sessions\" SET \"active\" = @p0 WHERE \"id\" = @p1")]
    [InlineData("UPDATE sessions SET active = @p0 WHERE id = @p1")]
    [InlineData("UPDATE sessions AS s SET active = FALSE WHERE s.identity_id = @id")]
    [InlineData("DELETE FROM identities WHERE id = @p0")]
    [InlineData("INSERT INTO identity_identifiers (id, value) VALUES (@p0, @p1)")]
    [InlineData("UPDATE identity_passwords SET hashed_password = @p0")]
    [InlineData("SELECT 1; DELETE FROM \"identity_security_keys\" WHERE \"id\" = @p0")]
    public void A_write_to_a_table_whoami_reads_counts(string sql) => Assert.True(WhoAmICacheInvalidation.Changes(sql));

    [Theory]
    [InlineData("INSERT INTO \"sessions\" (\"id\", \"token_hash\") VALUES (@p0, @p1)")]
    [InlineData("INSERT INTO sessions (id, token_hash) VALUES (@p0, @p1)")]
    [InlineData("SELECT s.id FROM sessions AS s")]
    [InlineData("UPDATE admin_console_sessions SET expires_at = @p0")]
    [InlineData("DELETE FROM \"admin_console_sessions\" WHERE \"id\" = @p0")]
    [InlineData("UPDATE selfservice_flows SET ui = @p0")]
    public void Other_statements_do_not(string sql) => Assert.False(WhoAmICacheInvalidation.Changes(sql));
}
