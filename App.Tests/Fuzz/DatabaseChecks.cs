using App.Data;
using App.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Fuzz;

/// <summary>What the database must still be after the fuzz: the same sessions but those genuinely made, and a sound file.</summary>
public static class DatabaseChecks
{
    public static async Task<HashSet<string>> SessionIdsAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.Sessions.AsNoTracking().Select(s => s.Id).ToListAsync()).Select(id => id.ToString()).ToHashSet();
    }

    /// <summary>What the database knows of these sessions, for a report.</summary>
    public static async Task<List<string>> DescribeAsync(PortalFactory portal, IEnumerable<string> ids)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var wanted = ids.Select(Guid.Parse).ToList();
        return (await db.Sessions.AsNoTracking().Where(s => wanted.Contains(s.Id)).ToListAsync())
            .Select(s => $"{s.Id} identity {s.IdentityId} {s.Aal} {s.AuthenticationMethods} restriction={s.Restriction}").ToList();
    }

    /// <summary><c>PRAGMA integrity_check</c> and <c>PRAGMA foreign_key_check</c> on the portal's own file; returns their complaints.</summary>
    public static async Task<List<string>> ProblemsAsync(PortalFactory portal)
    {
        var problems = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(portal.DataDirectory, "identity.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            await using var reader = await integrity.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                if (reader.GetString(0) != "ok") problems.Add("integrity_check: " + reader.GetString(0));
        }
        await using (var foreign = connection.CreateCommand())
        {
            foreign.CommandText = "PRAGMA foreign_key_check";
            await using var reader = await foreign.ExecuteReaderAsync();
            while (await reader.ReadAsync()) problems.Add($"foreign_key_check: {reader.GetString(0)} row {reader.GetValue(1)} -> {reader.GetString(2)}");
        }
        return problems;
    }
}
