using App.Configuration;
using App.Identities;
using App.SelfService.Flows;

namespace App.SelfService.Methods.Profile;

/// <summary>
/// Puts the trait inputs on the registration form. In the one-step registration the traits are
/// submitted with the credential, so this method never completes a flow by itself.
/// </summary>
public sealed class ProfileRegistration(SchemaRegistry schemas, PortalSettings settings) : IRegistrationMethod
{
    public string Name => "profile";
    public bool Enabled => settings.Options.SelfService.Methods.Profile.Enabled;

    public Task PopulateAsync(FlowContext context)
    {
        foreach (var node in TraitNodes.For(schemas.Default))
            if (context.Ui.Find(node.Name!) is null) context.Ui.Upsert(node);
        return Task.CompletedTask;
    }

    public Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission) => Task.FromResult(MethodOutcome.Skip);
}
