using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace App.Data;

/// <summary>
/// Writes one new entity with one prepared INSERT, built from the EF Core model (its table, columns
/// and type mappings, converters included), so it stays in step with the model and runs on any
/// provider. <c>SaveChanges</c> does the same write with change detection, command batching and a
/// result reader around it, which for a lone row costs several times the statement itself; a new
/// login flow is such a row, written on every visit to the sign-in page.
/// </summary>
public static class SingleInsert
{
    private sealed record Shape(string Sql, IProperty[] Properties);

    private static readonly ConcurrentDictionary<IEntityType, Shape> Shapes = new();

    /// <summary>Inserts <paramref name="entity"/>, which must be new and untracked, then tracks it as saved.</summary>
    public static async Task InsertAsync<T>(PortalDbContext db, T entity, CancellationToken cancel = default) where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var shape = Shapes.GetOrAdd(type, Build);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancel);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = shape.Sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            for (var i = 0; i < shape.Properties.Length; i++)
            {
                var property = shape.Properties[i];
                var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, "@p" + i, value, property.IsNullable));
            }
            await command.ExecuteNonQueryAsync(cancel);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        db.Entry(entity).State = EntityState.Unchanged;
    }

    private static Shape Build(IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var properties = type.GetProperties().Where(p => p.GetColumnName(table) is not null && p.ValueGenerated != ValueGenerated.OnAdd || p.IsKey()).ToArray();
        var columns = string.Join(", ", properties.Select(p => "\"" + p.GetColumnName(table) + "\""));
        var values = string.Join(", ", properties.Select((_, i) => "@p" + i));
        var name = (type.GetSchema() is { } schema ? "\"" + schema + "\"." : "") + "\"" + type.GetTableName() + "\"";
        return new Shape($"INSERT INTO {name} ({columns}) VALUES ({values});", properties);
    }
}
