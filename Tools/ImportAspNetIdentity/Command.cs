namespace ImportAspNetIdentity;

/// <summary>
/// Imports every user of an ASP.NET Core Identity database into the portal through its admin API.
/// A dry run by default: the report says what would be created, what is there already (the same
/// email address) and what is skipped and why; <c>--apply</c> creates. Running it again creates nothing.
/// </summary>
public static class Command
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, HttpClient? http = null, TimeProvider? clock = null)
    {
        var (options, problem) = Options.Parse(args, Environment.GetEnvironmentVariable);
        if (options is null)
        {
            await errors.WriteLineAsync(problem);
            await errors.WriteLineAsync(Options.Usage);
            return 2;
        }
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var users = await IdentitySource.ReadAsync(options);
        var admin = new PortalAdmin(http ?? new HttpClient(), options.AdminUrl, options.AdminKey);
        int create = 0, present = 0, skipped = 0, failed = 0;
        await output.WriteLineAsync(options.Apply ? "Importing:" : "Dry run (nothing is written; add --apply to import):");
        foreach (var user in users)
        {
            var label = user.User.Email ?? user.User.UserName ?? user.User.Id;
            if (IdentityMapping.SkipReason(user) is { } reason)
            {
                skipped++;
                await output.WriteLineAsync($"  skipped          {label}: {reason}");
                continue;
            }
            if (await admin.ExistsAsync(user.User.Email!.Trim()))
            {
                present++;
                await output.WriteLineAsync($"  already present  {label}");
                continue;
            }
            var notes = Notes(user, now);
            if (!options.Apply)
            {
                create++;
                await output.WriteLineAsync($"  would create     {label}{notes}");
                continue;
            }
            if (await admin.CreateAsync(IdentityMapping.Body(user, now, options.SchemaId)) is { } refusal)
            {
                failed++;
                await output.WriteLineAsync($"  failed           {label}: {refusal}");
                continue;
            }
            create++;
            await output.WriteLineAsync($"  created          {label}{notes}");
        }
        await output.WriteLineAsync($"{(options.Apply ? "created" : "would create")}: {create}, already present: {present}, skipped: {skipped}, failed: {failed}");
        return failed > 0 ? 1 : 0;
    }

    private static string Notes(SourceUser user, DateTimeOffset now)
    {
        var notes = new List<string>();
        notes.Add(string.IsNullOrEmpty(user.User.PasswordHash) ? "no password" : "password");
        if (user.User.EmailConfirmed) notes.Add("verified");
        if (IdentityMapping.LockedOut(user, now)) notes.Add("inactive: locked out");
        if (user.Claims.Count > 0) notes.Add($"{user.Claims.Count} claims");
        return " (" + string.Join(", ", notes) + ")";
    }
}
