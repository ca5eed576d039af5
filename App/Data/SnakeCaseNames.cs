using System.Text;
using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>Columns are snake_case, like Kratos's tables, so the data reads the same in either database.</summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(ToSnake(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName(ToSnake(key.GetName() ?? "pk"));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName("ix_" + entity.GetTableName() + "_" + string.Join("_", index.Properties.Select(p => ToSnake(p.Name))));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName("fk_" + entity.GetTableName() + "_" + string.Join("_", fk.Properties.Select(p => ToSnake(p.Name))));
        }
    }

    public static string ToSnake(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
