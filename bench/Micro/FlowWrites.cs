using App.Data;
using App.SelfService.Flows;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;

namespace Micro;

/// <summary>
/// Saving a new login flow (about 2.3 kB of form) on a real SQLite file in WAL mode, with contexts from a pool as in the portal: through
/// <c>SaveChanges</c>, and through one parameterised statement on the same context.
/// </summary>
[MemoryDiagnoser]
public class FlowWrites
{
    private string _folder = "";
    private DbContextOptions<PortalDbContext> _options = null!;
    private Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<PortalDbContext> _pool = null!;
    private readonly string _ui = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "login-ui.json"));

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("flow-bench-").FullName;
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Database.Configure(builder, $"sqlite://{Path.Combine(_folder, "identity.db")}");
        _options = builder.Options;
        _pool = new(_options);
        using var db = new PortalDbContext(_options);
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Flow NewFlow() => new()
    {
        IssuedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddHours(1),
        RequestUrl = "http://localhost:4455/self-service/login/browser", Ui = _ui, CeremonyNonce = Guid.NewGuid(), CeremonyState = "[]",
    };

    [Benchmark(Baseline = true)]
    public async Task SaveChanges()
    {
        await using var db = _pool.CreateDbContext();
        db.Flows.Add(NewFlow());
        await db.SaveChangesAsync();
    }

    [Benchmark]
    public async Task OneStatement()
    {
        await using var db = _pool.CreateDbContext();
        await SingleInsert.InsertAsync(db, NewFlow());
    }
}
