namespace App.Admin.Console;

/// <summary>
/// The administrator behind a console request. In the audit log a console action's actor is
/// <c>admin:&lt;identity id&gt;</c>: the id stays the same when the address changes.
/// </summary>
public sealed record ConsoleAdmin(Guid IdentityId, string Email, Guid ConsoleSessionId)
{
    /// <summary>The name after <c>admin:</c> in the audit log's actor.</summary>
    public string ActorName => IdentityId.ToString();
}

/// <summary>Who is at the console: nobody signed in, someone without access, or an administrator.</summary>
public abstract record ConsoleVisitor
{
    public sealed record SignedOut : ConsoleVisitor;
    public sealed record NoAccess : ConsoleVisitor;
    public sealed record Administrator(ConsoleAdmin Admin) : ConsoleVisitor;

    public static readonly ConsoleVisitor Nobody = new SignedOut();
    public static readonly ConsoleVisitor Refused = new NoAccess();
}
