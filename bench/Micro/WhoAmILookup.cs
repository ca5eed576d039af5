using App.Data;
using App.Identities;
using App.Sessions;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Micro;

/// <summary>
/// What whoami costs to find its answer: from <see cref="WhoAmICache"/>, or from the database
/// the way a cache miss reads it (the session with its identity and addresses, one EF Core query,
/// on a real SQLite file in WAL mode, contexts from a pool as in the portal). And what every write pays to tell the cache about itself.
/// </summary>
[MemoryDiagnoser]
public class WhoAmILookup
{
    private readonly WhoAmICache _cache = new(TimeProvider.System);
    private string _token = "";
    private byte[] _hash = [];
    private string _folder = "";
    private DbContextOptions<PortalDbContext> _options = null!;
    private PooledDbContextFactory<PortalDbContext> _pool = null!;

    private const string SignInBatch = """
        INSERT INTO "audit_events" ("id", "type") VALUES (@p0, @p1);
        UPDATE "identity_passkeys" SET "sign_count" = @p2 WHERE "id" = @p3;
        UPDATE "selfservice_flows" SET "state" = @p4 WHERE "id" = @p5 AND "ceremony_nonce" = @p6;
        INSERT INTO "sessions" ("id", "identity_id") VALUES (@p7, @p8);
        """;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("whoami-bench-").FullName;
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Database.Configure(builder, $"sqlite://{Path.Combine(_folder, "identity.db")}");
        _options = builder.Options;
        _pool = new PooledDbContextFactory<PortalDbContext>(_options);
        using var db = new PortalDbContext(_options);
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        var identity = new Identity { SchemaId = "default", PasskeyUserHandle = App.Ceremonies.CeremonyService.NewUserHandle() };
        identity.Identifiers.Add(new IdentityIdentifier { IdentityId = identity.Id, Value = "bench@example.test", TraitPath = "email" });
        db.Identities.Add(identity);
        _token = SessionTokens.NewSessionToken();
        _hash = SessionTokens.Hash(_token);
        db.Sessions.Add(new Session { TokenHash = _hash, IdentityId = identity.Id, IssuedAt = DateTime.UtcNow, AuthenticatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddDays(1) });
        db.SaveChanges();
        _cache.Keep(Convert.ToBase64String(_hash), new WhoAmIAnswer(identity.Id, new byte[1200], false, DateTime.UtcNow.AddDays(1), 0));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A cache hit: hash the token, read the counter, look the answer up.</summary>
    [Benchmark(Baseline = true)]
    public async Task<WhoAmIAnswer?> CacheHit()
    {
        await using var db = _pool.CreateDbContext();
        return _cache.Find(Convert.ToBase64String(SessionTokens.Hash(_token)), await WhoAmIGeneration.ReadAsync(db) ?? -1);
    }

    /// <summary>A cache miss's read: the session, its identity and addresses, through EF Core.</summary>
    [Benchmark]
    public async Task<Session?> DatabaseRead()
    {
        await using var db = _pool.CreateDbContext();
        return await db.Sessions.Include(s => s.Identity).ThenInclude(i => i!.Identifiers)
            .FirstOrDefaultAsync(s => s.TokenHash == _hash && s.Active && s.ExpiresAt > DateTime.UtcNow);
    }

    /// <summary>What a sign-in's write batch costs the invalidation check (it must not invalidate).</summary>
    [Benchmark]
    public bool InvalidationCheck() => WhoAmICacheInvalidation.Changes(SignInBatch);
}
