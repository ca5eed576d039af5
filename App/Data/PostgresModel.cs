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
/// the database refuses anything else. Mostly <c>json</c>, which keeps the text as written: the stored
/// text of traits, metadata, a flow's form or a kept error reaches an answer as it is, and
/// <c>jsonb</c> would reorder its keys, so the same request would answer differently on the two
/// databases; <c>jsonb</c> also refuses the escape <c>\u0000</c>, which valid JSON may hold, so a
/// column with text from outside (audit details, a mail server's reply) could fail a write.
/// <c>jsonb</c> only where the portal alone writes the value and reads it back into its own types.
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
        model.Entity<AuditEvent>().Property(a => a.Details).HasColumnType("json");
        model.Entity<CourierDispatch>().Property(d => d.Error).HasColumnType("json");
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
