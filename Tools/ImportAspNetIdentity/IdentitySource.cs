using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ImportAspNetIdentity;

/// <summary>A user of the Identity database with what the import needs of them.</summary>
public sealed record SourceUser(IdentityUser User, IReadOnlyList<IdentityUserClaim<string>> Claims);

/// <summary>
/// Reads an ASP.NET Core Identity database through Identity's own EF Core model
/// (<see cref="IdentityDbContext"/>: <c>AspNetUsers</c>, <c>AspNetUserClaims</c>), so the tables
/// are read as the application that wrote them reads them. Nothing is written.
/// </summary>
public static class IdentitySource
{
    public static async Task<IReadOnlyList<SourceUser>> ReadAsync(Options options, CancellationToken cancel = default)
    {
        var builder = new DbContextOptionsBuilder<IdentityDbContext>();
        if (options.Provider == "sqlite") builder.UseSqlite(options.ConnectionString);
        else builder.UseNpgsql(options.ConnectionString);
        await using var db = new IdentityDbContext(builder.Options);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(cancel);
        var claims = (await db.UserClaims.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancel))
            .ToLookup(c => c.UserId);
        return users.Select(u => new SourceUser(u, claims[u.Id].ToList())).ToList();
    }
}
