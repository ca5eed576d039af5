using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Tests.Integration.Support;

/// <summary>Counts every statement the portal sends to its database: what "the same database work" is measured by.</summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    private int count;
    public int Count => Volatile.Read(ref count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Interlocked.Increment(ref count); return result; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Interlocked.Increment(ref count); return ValueTask.FromResult(result); }
}
