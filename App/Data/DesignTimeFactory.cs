using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the model without starting the portal. SQLite by default; PostgreSQL's
/// model when the tool is given <c>-- --provider postgres</c> (or <c>PORTAL_EF_PROVIDER=postgres</c>).
/// No database is opened for <c>migrations add</c>, so the DSN only picks the provider.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("PORTAL_EF_PROVIDER");
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Database.Configure(builder, provider is "postgres" or "postgresql" ? "postgres://postgres@localhost/identity" : "sqlite://design-time.db");
        return new PortalDbContext(builder.Options);
    }
}
