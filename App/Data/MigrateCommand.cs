namespace App.Data;

/// <summary>
/// <c>dotnet App.dll migrate</c>, or Kratos's spelling <c>migrate sql [-e] [--yes] [DSN]</c>: applies
/// the migrations and exits, for a deploy step that runs once before many instances start. The DSN
/// comes from the configuration (<c>-e</c> reads it from the environment, which the portal always
/// does) unless it is given as an argument.
/// </summary>
public static class MigrateCommand
{
    private static readonly string[] KratosFlags = ["sql", "-e", "--read-from-env", "--yes", "-y"];

    /// <summary>The arguments the host should see, and whether this run only migrates.</summary>
    public static string[] Strip(string[] args, out bool migrateOnly)
    {
        migrateOnly = args is ["migrate", ..];
        if (!migrateOnly) return args;
        return args.Skip(1).Where(a => !KratosFlags.Contains(a))
            .Select(a => a.Contains("://") && !a.StartsWith('-') ? "--dsn=" + a : a).ToArray();
    }
}
