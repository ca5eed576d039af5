using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Data;

/// <summary>
/// PostgreSQL keeps a time to the microsecond; .NET's clock ticks in tenths of one. Without this a row
/// written and answered at once (an extended session's new expiry) would say one time, and the same
/// row read back a moment later another. Rounding down what is saved, in the entity as well, makes the
/// object in memory the row as stored. SQLite stores every tick, so it needs none.
/// </summary>
public sealed class MicrosecondTimes : SaveChangesInterceptor
{
    public static readonly MicrosecondTimes Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Round(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Round(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public static DateTime Round(DateTime value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMicrosecond));

    private static void Round(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTime time && time.Ticks % TimeSpan.TicksPerMicrosecond != 0)
                    property.CurrentValue = Round(time);
            }
        }
    }
}
