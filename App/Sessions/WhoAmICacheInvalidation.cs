using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Sessions;

/// <summary>
/// Moves the <see cref="WhoAmIGeneration"/> with every write to a table whoami reads. It watches the
/// SQL itself rather than the change tracker, so bulk updates and deletes (<c>ExecuteUpdate</c>,
/// housekeeping) count as well as <c>SaveChanges</c>. Inside a transaction the counter moves just
/// before the commit, in the same transaction, so the change and the counter are seen together.
/// A write outside a transaction moves it right after, before the request that wrote goes on.
/// </summary>
public sealed partial class WhoAmICacheInvalidation : DbCommandInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor
{
    /// <summary>
    /// The tables an answer is made from: the session, its identity and addresses, and what decides its
    /// aal. SQLite's SQL quotes every name; Npgsql's leaves lower-case names bare, so either is matched,
    /// as a whole name (<c>admin_console_sessions</c> is not <c>sessions</c>).
    /// </summary>
    [GeneratedRegex("""(?<![\w"])"?(sessions|identities|identity_identifiers|identity_security_keys|identity_passwords)"?(?![\w"])""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tables();

    [GeneratedRegex("""^INSERT\s+INTO\s+"?sessions"?[\s(]""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NewSession();

    private readonly ConditionalWeakTable<DbTransaction, object> inTransaction = new();
    private readonly ConditionalWeakTable<DbContext, object> inSave = new();

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (Counts(command, eventData) && !Defer(command)) WhoAmIGeneration.Bump(command.Connection!, null);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Counts(command, eventData) && !Defer(command)) await WhoAmIGeneration.BumpAsync(command.Connection!, null, cancellationToken);
        return result;
    }

    // SaveChanges reads back what the database generates, so its writes arrive as readers; the
    // reader is still open here, so the counter moves when the save is done.
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        ReaderWrote(command, eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ReaderWrote(command, eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (inTransaction.Remove(transaction)) WhoAmIGeneration.Bump(transaction.Connection!, transaction);
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (inTransaction.Remove(transaction)) await WhoAmIGeneration.BumpAsync(transaction.Connection!, transaction, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && inSave.Remove(db))
        {
            db.Database.OpenConnection();
            try { WhoAmIGeneration.Bump(db.Database.GetDbConnection(), null); }
            finally { db.Database.CloseConnection(); }
        }
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && inSave.Remove(db))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try { await WhoAmIGeneration.BumpAsync(db.Database.GetDbConnection(), null, cancellationToken); }
            finally { await db.Database.CloseConnectionAsync(); }
        }
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db) inSave.Remove(db);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    /// <summary>A write in a transaction is counted when the transaction commits.</summary>
    private bool Defer(DbCommand command)
    {
        if (command.Transaction is not { } transaction) return false;
        inTransaction.AddOrUpdate(transaction, transaction);
        return true;
    }

    private void ReaderWrote(DbCommand command, CommandExecutedEventData eventData)
    {
        if (!Counts(command, eventData) || Defer(command)) return;
        if (eventData.Context is { } db) inSave.AddOrUpdate(db, db);
    }

    /// <summary>Migrations build the tables, the counter's among them; no answer exists while they run.</summary>
    private static bool Counts(DbCommand command, CommandExecutedEventData eventData) =>
        eventData.CommandSource != CommandSource.Migrations && Changes(command.CommandText);

    /// <summary>
    /// Whether a command may change an answer. A new session cannot: no answer exists for it yet,
    /// so a sign-in's <c>INSERT INTO "sessions"</c> leaves the counter alone. Anything unclear counts
    /// as a change: a needless one costs a read, a missed one a revoked session.
    /// </summary>
    public static bool Changes(string sql)
    {
        foreach (var part in sql.Split(';'))
        {
            var statement = part.AsSpan().TrimStart();
            if (statement.IsEmpty || statement.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                || statement.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
                || NewSession().IsMatch(statement)) continue;
            if (Tables().IsMatch(statement)) return true;
        }
        return false;
    }
}
