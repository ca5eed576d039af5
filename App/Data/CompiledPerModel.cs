using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace App.Data;

/// <summary>
/// A compiled query for each model it meets. EF Core binds a compiled query to the model it first
/// ran with and refuses any other, and SQLite and PostgreSQL each have their own model, so a process
/// that holds both (a test run, a copy from one database to the other) needs one per model.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = new();

    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
