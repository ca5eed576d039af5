using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Sessions;

/// <summary>
/// Empties the <see cref="WhoAmICache"/> after every committed write to a table whoami reads. It
/// watches the SQL itself rather than the change tracker, so bulk updates and deletes
/// (<c>ExecuteUpdate</c>, housekeeping) count as well as <c>SaveChanges</c>. A write inside a
/// transaction empties the cache when the transaction commits, not before: until then a reader
/// still sees the old rows, and could put them back.
/// </summary>
public sealed class WhoAmICacheInvalidation(WhoAmICache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    /// <summary>The tables an answer is made from: the session, its identity and addresses, and what decides its aal.</summary>
    private static readonly string[] Tables = ["\"sessions\"", "\"identities\"", "\"identity_identifiers\"", "\"identity_security_keys\"", "\"identity_passwords\""];

    private readonly ConditionalWeakTable<DbTransaction, object> pending = new();

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    // SaveChanges reads back generated values, so its writes arrive as readers.
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Wrote(DbCommand command)
    {
        if (!Changes(command.CommandText)) return;
        if (command.Transaction is { } transaction) pending.AddOrUpdate(transaction, transaction);
        else cache.Invalidate();
    }

    private void Committed(DbTransaction transaction)
    {
        if (pending.Remove(transaction)) cache.Invalidate();
    }

    /// <summary>
    /// Whether a command may change an answer. A new session cannot: no answer exists for it yet,
    /// so a sign-in's <c>INSERT INTO "sessions"</c> leaves the cache alone. Anything unclear counts
    /// as a change: a needless invalidation costs a read, a missed one a revoked session.
    /// </summary>
    public static bool Changes(string sql)
    {
        foreach (var part in sql.Split(';'))
        {
            var statement = part.AsSpan().TrimStart();
            if (statement.IsEmpty || statement.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                || statement.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
                || statement.StartsWith("INSERT INTO \"sessions\"", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var table in Tables)
                if (statement.Contains(table, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
