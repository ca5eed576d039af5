using App.Audit;
using App.Courier;
using App.Credentials.Codes;
using App.Credentials.LookupSecrets;
using App.Security;
using App.Credentials.Passkeys;
using App.Credentials.SecurityKeys;
using App.Identities;
using App.Sessions;
using App.SelfService.Flows;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// One model for every provider. SQLite's uses only portable types; on PostgreSQL,
/// <see cref="PostgresModel"/> gives JSON columns a JSON type and keeps every time in UTC.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Identity> Identities => Set<Identity>();
    public DbSet<IdentityIdentifier> IdentityIdentifiers => Set<IdentityIdentifier>();
    public DbSet<Passkey> Passkeys => Set<Passkey>();
    public DbSet<BackupCode> BackupCodes => Set<BackupCode>();
    public DbSet<SecurityKey> SecurityKeys => Set<SecurityKey>();
    public DbSet<Credentials.Passwords.PasswordCredential> Passwords => Set<Credentials.Passwords.PasswordCredential>();
    public DbSet<Flow> Flows => Set<Flow>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<CourierMessage> CourierMessages => Set<CourierMessage>();
    public DbSet<CourierDispatch> CourierDispatches => Set<CourierDispatch>();
    public DbSet<RateLimitHit> RateLimitHits => Set<RateLimitHit>();
    public DbSet<PortalKey> PortalKeys => Set<PortalKey>();
    public DbSet<CacheGeneration> CacheGenerations => Set<CacheGeneration>();
    public DbSet<SelfService.Flows.FlowError> FlowErrors => Set<SelfService.Flows.FlowError>();
    public DbSet<Admin.Console.ConsoleSession> ConsoleSessions => Set<Admin.Console.ConsoleSession>();
    public DbSet<Sessions.Exchanges.SessionTokenExchange> SessionTokenExchanges => Set<Sessions.Exchanges.SessionTokenExchange>();
    /// <summary>The framework's data-protection key ring (<see cref="SharedKeyRing"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        if (Database.IsNpgsql()) PostgresModel.Conventions(conventions);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Identity>(e =>
        {
            e.ToTable("identities");
            e.HasIndex(i => i.PasskeyUserHandle).IsUnique();
            e.HasIndex(i => i.ExternalId).IsUnique();
            e.Property(i => i.ExternalId).HasMaxLength(IdentityExternalIds.MaxLength);
            e.Property(i => i.SchemaId).HasMaxLength(128);
            e.Property(i => i.State).HasMaxLength(16);
            e.Property(i => i.PasskeyUserHandle).HasMaxLength(64);
            e.Property(i => i.Locale).HasMaxLength(16);
            e.HasMany(i => i.Identifiers).WithOne().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Passkeys).WithOne().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IdentityIdentifier>(e =>
        {
            e.ToTable("identity_identifiers");
            e.Property(x => x.Value).HasMaxLength(IdentityIdentifier.MaxLength);
            e.HasIndex(x => x.Value).IsUnique();
        });
        model.Entity<Passkey>(e =>
        {
            e.ToTable("identity_passkeys");
            e.Property(x => x.CredentialId).HasMaxLength(1023);
            e.HasIndex(x => x.CredentialId).IsUnique();
            e.HasIndex(x => x.IdentityId);
            e.Property(x => x.DisplayName).HasMaxLength(256);
            e.Property(x => x.LastUsedUserAgent).HasMaxLength(512);
        });
        model.Entity<SecurityKey>(e =>
        {
            e.ToTable("identity_security_keys");
            e.HasOne<Identity>().WithMany().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.CredentialId).HasMaxLength(1023);
            e.HasIndex(x => x.CredentialId).IsUnique();
            e.HasIndex(x => x.IdentityId);
            e.Property(x => x.DisplayName).HasMaxLength(256);
        });
        model.Entity<BackupCode>(e =>
        {
            e.ToTable("identity_lookup_secrets");
            e.HasOne<Identity>().WithMany().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.IdentityId);
            e.HasIndex(x => x.SetId);
            e.Property(x => x.CodeHmac).HasMaxLength(32);
        });
        model.Entity<Credentials.Passwords.PasswordCredential>(e =>
        {
            e.ToTable("identity_passwords");
            e.HasKey(x => x.IdentityId);
            e.HasOne<Identity>().WithMany().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.HashedPassword).HasMaxLength(4096);
        });
        model.Entity<Flow>(e =>
        {
            e.ToTable("selfservice_flows");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Type).HasMaxLength(16);
            e.Property(x => x.State).HasMaxLength(32);
            // Every save of a flow checks that no other request took its ceremony since it was read.
            e.Property(x => x.CeremonyNonce).IsConcurrencyToken();
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
            e.Property(x => x.Restriction).HasMaxLength(64);
        });
        model.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.IdentityId);
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(160);
        });
        model.Entity<OneTimeCode>(e =>
        {
            e.ToTable("one_time_codes");
            e.HasIndex(x => x.FlowId);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.Address).HasMaxLength(320);
            e.Property(x => x.CodeHmac).HasMaxLength(32);
            e.Property(x => x.LinkHmac).HasMaxLength(32);
        });
        model.Entity<CourierMessage>(e =>
        {
            e.ToTable("courier_messages");
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.Recipient);
            e.HasIndex(x => x.CreatedAt);
            e.Property(x => x.Type).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Recipient).HasMaxLength(320);
            e.Property(x => x.TemplateType).HasMaxLength(64);
            e.HasMany(x => x.Dispatches).WithOne().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CourierDispatch>(e =>
        {
            e.ToTable("courier_message_dispatches");
            e.Property(x => x.Status).HasMaxLength(16);
        });
        model.Entity<RateLimitHit>(e =>
        {
            e.ToTable("rate_limit_hits");
            e.HasIndex(x => new { x.Bucket, x.At });
            e.HasIndex(x => x.At);
            e.Property(x => x.Bucket).HasMaxLength(128);
        });
        model.Entity<SelfService.Flows.FlowError>(e =>
        {
            e.ToTable("self_service_errors");
            e.HasIndex(x => x.CreatedAt);
        });
        model.Entity<Admin.Console.ConsoleSession>(e =>
        {
            e.ToTable("admin_console_sessions");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.IdentityId);
            e.HasIndex(x => x.ExpiresAt);
            e.HasOne<Identity>().WithMany().HasForeignKey(x => x.IdentityId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Sessions.Exchanges.SessionTokenExchange>(e =>
        {
            e.ToTable("session_token_exchanges");
            e.HasIndex(x => x.InitCodeHash).IsUnique();
            e.HasIndex(x => x.FlowId);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.InitCodeHash).HasMaxLength(32);
            e.Property(x => x.ReturnToCodeHash).HasMaxLength(32);
        });
        model.Entity<PortalKey>(e =>
        {
            e.ToTable("portal_keys");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
        });
        model.Entity<CacheGeneration>(e =>
        {
            e.ToTable("cache_generations");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.HasData(new CacheGeneration { Name = App.Sessions.WhoAmIGeneration.Name, Value = 0 });
        });
        model.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        if (Database.IsNpgsql()) PostgresModel.Apply(model);
        SnakeCaseNames.Apply(model);
    }
}
