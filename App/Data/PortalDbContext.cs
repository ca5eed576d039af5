using App.Audit;
using App.Credentials.Passkeys;
using App.Identities;
using App.Sessions;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// One model for every provider. It uses only portable types (no SQLite- or PostgreSQL-only
/// columns), so the same model runs on the embedded database and on PostgreSQL.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<Identity> Identities => Set<Identity>();
    public DbSet<IdentityIdentifier> IdentityIdentifiers => Set<IdentityIdentifier>();
    public DbSet<Passkey> Passkeys => Set<Passkey>();
    public DbSet<Flow> Flows => Set<Flow>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Identity>(e =>
        {
            e.ToTable("identities");
            e.HasIndex(i => i.PasskeyUserHandle).IsUnique();
            e.Property(i => i.SchemaId).HasMaxLength(128);
            e.Property(i => i.State).HasMaxLength(16);
            e.Property(i => i.PasskeyUserHandle).HasMaxLength(64);
            e.HasMany(i => i.Identifiers).WithOne().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Passkeys).WithOne().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IdentityIdentifier>(e =>
        {
            e.ToTable("identity_identifiers");
            e.Property(x => x.Value).HasMaxLength(320);
            e.HasIndex(x => x.Value).IsUnique();
        });
        model.Entity<Passkey>(e =>
        {
            e.ToTable("identity_passkeys");
            e.Property(x => x.CredentialId).HasMaxLength(1023);
            e.HasIndex(x => x.CredentialId).IsUnique();
            e.HasIndex(x => x.IdentityId);
            e.Property(x => x.DisplayName).HasMaxLength(256);
        });
        model.Entity<Flow>(e =>
        {
            e.ToTable("selfservice_flows");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Type).HasMaxLength(16);
            e.Property(x => x.State).HasMaxLength(32);
            e.HasIndex(x => x.ExpiresAt);
        });
        model.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.LogoutTokenHash);
            e.HasIndex(x => x.IdentityId);
            e.HasOne(x => x.Identity).WithMany().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Aal).HasMaxLength(8);
        });
        model.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.IdentityId);
            e.Property(x => x.Type).HasMaxLength(64);
        });
        SnakeCaseNames.Apply(model);
    }
}
