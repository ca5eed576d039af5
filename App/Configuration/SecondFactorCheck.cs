namespace App.Configuration;

/// <summary>Start-up checks of the webauthn method and of the <c>required_aal</c> settings.</summary>
public static class SecondFactorCheck
{
    private const string Key = "selfservice.methods.webauthn";

    public static void Check(PortalOptions options, List<ConfigError> errors)
    {
        CheckRequiredAal("session.whoami.required_aal", options.Session.WhoAmI.RequiredAal, errors);
        CheckRequiredAal("selfservice.flows.settings.required_aal", options.SelfService.Flows.Settings.RequiredAal, errors);
        var webauthn = options.SelfService.Methods.WebAuthn;
        if (!webauthn.Enabled) return;
        if (webauthn.Config.Passwordless == true)
            errors.Add(new($"{Key}.config.passwordless", "Signing in with a security key alone is the passkey method here, not webauthn.",
                $"Set {Key}.config.passwordless to false (security keys as a second factor) and keep selfservice.methods.passkey enabled for passwordless sign-in."));
        if (!options.SelfService.Methods.Passkey.Enabled)
            errors.Add(new($"{Key}.enabled", "Security keys share the passkey method's relying party and ceremonies, and it is disabled.",
                $"Enable selfservice.methods.passkey, or set {Key}.enabled to false."));
        // Fido2 is configured once, for one relying party: a key made for another rp id could never be checked.
        var passkeyRp = options.SelfService.Methods.Passkey.Config.Rp;
        if (webauthn.Config.Rp is { } rp)
        {
            if (rp.Id is { Length: > 0 } id && !string.Equals(id, passkeyRp.Id, StringComparison.OrdinalIgnoreCase))
                errors.Add(new($"{Key}.config.rp.id", $"'{id}' differs from selfservice.methods.passkey.config.rp.id '{passkeyRp.Id}'.",
                    $"Leave {Key}.config.rp unset (it defaults to the passkey method's) or give it the same id."));
            if (rp.Origins.Count > 0 && !rp.Origins.Select(Origin).ToHashSet().SetEquals(passkeyRp.Origins.Select(Origin)))
                errors.Add(new($"{Key}.config.rp.origins", "The origins differ from selfservice.methods.passkey.config.rp.origins.",
                    $"Leave {Key}.config.rp.origins unset (it defaults to the passkey method's) or list the same origins."));
        }
    }

    private static void CheckRequiredAal(string key, string value, List<ConfigError> errors)
    {
        if (value is not (RequiredAal.Aal1 or RequiredAal.HighestAvailable))
            errors.Add(new(key, $"'{value}' is not a required AAL.", "Use aal1 or highest_available."));
    }

    private static string Origin(string value) => value.TrimEnd('/').ToLowerInvariant();
}
