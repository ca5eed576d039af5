using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Data;

/// <summary>
/// Runs the per-connection pragmas once per physical SQLite connection. Pooled connections are
/// "opened" by every unit of work, but the pragmas stay set on the underlying handle, so repeating
/// them would cost a statement per request for nothing.
/// <para>
/// The busy timeout lets SQLite itself wait for the write lock. Without it a writer that finds the
/// lock taken gets SQLITE_BUSY at once and the ADO.NET provider sleeps 150 ms before it tries
/// again, which under concurrent sign-ins turned into tail latencies of several hundred milliseconds.
/// </para>
/// </summary>
public sealed class SqliteConnectionSetup(SqliteSettings settings) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = settings.ConnectionPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = settings.ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The native handle outlives the pooled <see cref="SqliteConnection"/> object that lends it.</summary>
    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || prepared.TryAdd(handle, handle);
}
