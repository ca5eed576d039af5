using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the portal.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Database.Configure(builder, "sqlite://design-time.db");
        return new PortalDbContext(builder.Options);
    }
}
