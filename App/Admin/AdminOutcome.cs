using App.KratosJson;

namespace App.Admin;

/// <summary>
/// What an administrative operation came to: its value, or the Kratos error to answer with. The
/// admin API turns it into a response; the console shows the error's reason.
/// </summary>
public sealed record AdminOutcome<T>(T? Value, ErrorEnvelope? Error)
{
    public static AdminOutcome<T> Ok(T value) => new(value, null);
    public static AdminOutcome<T> Fail(ErrorEnvelope error) => new(default, error);

    public static implicit operator AdminOutcome<T>(ErrorEnvelope error) => Fail(error);

    /// <summary>The API's answer: the error in its status, or <paramref name="success"/> for the value.</summary>
    public IResult ToResult(Func<T, IResult> success) =>
        Error is { } error ? Results.Json(error, KratosJsonOptions.Default, statusCode: error.Error.Code) : success(Value!);
}

/// <summary>Errors the admin operations share.</summary>
public static class AdminErrors
{
    /// <summary>Kratos's answer for an unknown (or malformed) identity id.</summary>
    public static ErrorEnvelope IdentityNotFound() => KratosErrors.NotFound("Unable to locate the resource");

    public static ErrorEnvelope SessionNotFound() => KratosErrors.NotFound("The session could not be found.");

    public static ErrorEnvelope Conflict() => KratosErrors.Make(409, "The resource could not be created due to a conflict",
        reason: "An identity with the same identifier already exists.");

    public static ErrorEnvelope PasskeyConflict() => KratosErrors.Make(409, "The resource could not be created due to a conflict",
        reason: "A passkey with the same credential id, or an identity with the same passkey user handle, already exists.");
}
