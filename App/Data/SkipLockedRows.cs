using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Data;

/// <summary>
/// Lets a LINQ query lock the rows it reads on PostgreSQL (<c>FOR UPDATE SKIP LOCKED</c>), which EF
/// Core cannot say: the query is tagged, and this interceptor, registered for PostgreSQL only, ends
/// a tagged command with the locking clause. The query itself stays LINQ, so what it selects is
/// said once, for both databases.
/// </summary>
public sealed class SkipLockedRows : DbCommandInterceptor
{
    public static readonly SkipLockedRows Instance = new();

    private const string Tag = "lock: FOR UPDATE SKIP LOCKED";
    // EF Core writes a query's tags as comments before its SQL.
    private const string Marker = "-- " + Tag;

    /// <summary>Locks the rows this query returns, until the transaction ends, and leaves out rows another transaction has locked.</summary>
    public static IQueryable<T> Apply<T>(IQueryable<T> query) => query.TagWith(Tag);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    private static void Lock(DbCommand command)
    {
        if (command.CommandText.StartsWith(Marker, StringComparison.Ordinal))
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + "\nFOR UPDATE SKIP LOCKED";
    }
}
