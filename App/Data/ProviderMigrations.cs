using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Data;

/// <summary>
/// Finds the migrations of the database in use. Both sets live in this assembly and belong to the
/// one <see cref="PortalDbContext"/>, so EF Core's own lookup, which goes by the context's type
/// alone, would mix them; this one also goes by the set's namespace (<c>App.Data.Migrations.Sqlite</c>
/// or <c>App.Data.Migrations.Postgres</c>). It serves <c>dotnet ef</c> the same way, so a migration
/// added for one provider is diffed against that provider's snapshot only.
/// </summary>
public sealed class ProviderMigrations(ICurrentDbContext current, IMigrationsIdGenerator ids) : IMigrationsAssembly
{
    public const string SqliteNamespace = "App.Data.Migrations.Sqlite";
    public const string PostgresNamespace = "App.Data.Migrations.Postgres";

    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? snapshot;
    private bool snapshotRead;

    public Assembly Assembly => typeof(ProviderMigrations).Assembly;

    private string Namespace => current.Context.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL" ? PostgresNamespace : SqliteNamespace;

    private IEnumerable<TypeInfo> Own => Assembly.DefinedTypes.Where(t => !t.IsAbstract && t.Namespace == Namespace
        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == current.Context.GetType());

    public IReadOnlyDictionary<string, TypeInfo> Migrations => migrations ??= Own
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<MigrationAttribute>() is not null)
        .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()!.Id, Type: t))
        .OrderBy(m => m.Id, StringComparer.Ordinal)
        .ToDictionary(m => m.Id, m => m.Type);

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (snapshotRead) return snapshot;
            snapshotRead = true;
            var type = Own.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)));
            return snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
        }
    }

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(ids.IsValidId(nameOrId)
        ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        : id => string.Equals(ids.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}
