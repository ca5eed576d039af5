using App.Audit;
using App.Courier;
using App.Identities;
using App.Sessions;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace App.Data;

/// <summary>
/// What the model says differently on PostgreSQL. Columns that always hold JSON get a JSON type, so
/// the database refuses anything else: <c>json</c> where the stored text reaches an answer as it is
/// (traits, metadata, a flow's form, a kept error), since <c>jsonb</c> would reorder their keys and
/// the same request would answer differently on the two databases; <c>jsonb</c> where the portal only
/// reads the value back into its own types or an operator queries it (audit details).
/// </summary>
internal static class PostgresModel
{
    public static void Apply(ModelBuilder model)
    {
        model.Entity<Identity>(e =>
        {
            e.Property(i => i.Traits).HasColumnType("json");
            e.Property(i => i.MetadataPublic).HasColumnType("json");
            e.Property(i => i.MetadataAdmin).HasColumnType("json");
        });
        model.Entity<Flow>().Property(f => f.Ui).HasColumnType("json");
        model.Entity<FlowError>().Property(f => f.Error).HasColumnType("json");
        model.Entity<Session>().Property(s => s.AuthenticationMethods).HasColumnType("jsonb");
        model.Entity<AuditEvent>().Property(a => a.Details).HasColumnType("jsonb");
        model.Entity<CourierDispatch>().Property(d => d.Error).HasColumnType("jsonb");
    }

    /// <summary>
    /// Every time is UTC (<c>timestamptz</c>). Npgsql refuses a <see cref="DateTime"/> whose Kind is not
    /// Utc; the portal's times come from <see cref="TimeProvider.GetUtcNow"/>, but a time parsed from a
    /// request or read back from SQLite-era code paths may be Unspecified, which the portal has always
    /// meant as UTC. Reads come back as Utc.
    /// </summary>
    public static void Conventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTime>().HaveConversion<UtcTimes>();
        conventions.Properties<DateTime?>().HaveConversion<UtcTimes>();
    }

    private sealed class UtcTimes() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
