using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Tests.Integration.Support;

/// <summary>
/// Counts every statement the portal sends to its database: what "the same database work" is measured
/// by. Statements, not commands: Npgsql sends a save's statements in one command where SQLite sends one
/// command each, and every statement EF Core writes ends its line with a semicolon.
/// </summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    private int count;
    public int Count => Volatile.Read(ref count);

    private void Add(DbCommand command) =>
        Interlocked.Add(ref count, Math.Max(1, command.CommandText.Split('\n').Count(line => line.TrimEnd().EndsWith(';'))));

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Add(command); return result; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Add(command); return ValueTask.FromResult(result); }
}
