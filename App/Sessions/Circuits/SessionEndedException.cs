namespace App.Sessions.Circuits;

/// <summary>
/// Raised inside a circuit whose session ended and whose browser did not leave when told to: an
/// unhandled exception is how the framework tears a circuit down from the server side.
/// </summary>
public sealed class SessionEndedException() : Exception("The session of this circuit has ended.");
