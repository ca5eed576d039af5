using System.Data.Common;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace App.Sessions;

/// <summary>
/// A counter in the database that moves with every committed write whoami's answers are made of.
/// An answer kept in memory is good only while the counter still reads what it read before the
/// answer was made, so every instance on the database sees a revocation at the moment it commits.
/// </summary>
public static class WhoAmIGeneration
{
    public const string Name = "whoami";

    private const string Read = "SELECT \"value\" FROM \"cache_generations\" WHERE \"name\" = 'whoami'";
    private const string Increment = "UPDATE \"cache_generations\" SET \"value\" = \"value\" + 1 WHERE \"name\" = 'whoami'";

    /// <summary>
    /// The counter as committed now, one small statement on the request's own connection; null when
    /// its row is missing, and then nothing may be kept, since nothing would ever move it.
    /// </summary>
    public static async Task<long?> ReadAsync(PortalDbContext db, CancellationToken cancel = default)
    {
        await db.Database.OpenConnectionAsync(cancel);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Read;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return await command.ExecuteScalarAsync(cancel) is { } value and not DBNull ? Convert.ToInt64(value) : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Moves the counter on <paramref name="connection"/>, inside <paramref name="transaction"/> when there is one.</summary>
    public static async Task BumpAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancel = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Increment;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancel);
    }

    public static void Bump(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Increment;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
