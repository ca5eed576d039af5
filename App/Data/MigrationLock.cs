using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace App.Data;

/// <summary>
/// Lets one of many instances starting together on the same PostgreSQL database migrate it while the
/// others wait, then find nothing left to do. The lock is a session-level advisory lock on a
/// connection of its own, outside the pool: PostgreSQL releases it when that connection ends, so an
/// instance that dies mid-migration never leaves the others waiting. SQLite needs none: one file has
/// one writer, and EF Core's own migration lock covers it.
/// </summary>
public static class MigrationLock
{
    /// <summary>Any fixed number works while every instance uses the same; this one spells "idmigrat".</summary>
    public const long Key = 0x69646d6967726174;

    public static async Task<IAsyncDisposable> TakeAsync(PortalDbContext db, CancellationToken cancel)
    {
        if (!db.Database.IsNpgsql()) return Nothing.Instance;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancel);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection);
            await command.ExecuteNonQueryAsync(cancel);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
