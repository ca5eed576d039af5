namespace App.Configuration;

/// <summary>Checks <c>hashers.argon2</c> and the password method's settings at start-up.</summary>
public static class PasswordConfigCheck
{
    public static void Check(PortalOptions options, List<ConfigError> errors)
    {
        if (Credentials.Passwords.PasswordCost.Read(options.Hashers.Argon2).Problem is { } problem) errors.Add(problem);
        var offer = options.SelfService.Methods.Password.Config.OfferDisableAfter;
        if (!GoDuration.TryParseWithDays(offer, out var after) || after < TimeSpan.Zero)
            errors.Add(new("selfservice.methods.password.config.offer_disable_after", $"'{offer}' is not a duration.",
                "Use a duration such as 30d, 720h or 0s (ask as soon as a passkey is saved)."));
    }
}
