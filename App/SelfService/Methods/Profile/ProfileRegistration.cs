using System.Text.Json.Nodes;
using App.Configuration;
using App.Identities;
using App.Identities.Schema;
using App.SelfService.Flows;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Profile;

/// <summary>
/// Puts the trait inputs on the registration form (Kratos <c>selfservice/strategy/profile/registration.go</c>).
/// In the one-step (<c>unified</c>) registration the traits are submitted with the credential, so this
/// method never handles a submission. With <c>profile_first</c> it runs the first screen: it checks the
/// traits, then moves the flow to the credential screen with the traits hidden and kept in the flow's
/// form, and back again. It writes nothing but the flow: the identity is made by the credential method.
/// </summary>
public sealed class ProfileRegistration(SchemaRegistry schemas, PortalSettings settings) : IRegistrationMethod
{
    public const string MethodName = "profile";
    /// <summary>Kratos's older way to ask for the profile screen again, which it still takes.</summary>
    private const string BackMethod = "profile:back";

    public string Name => MethodName;
    public bool Enabled => settings.Options.SelfService.Methods.Profile.Enabled;

    public Task PopulateAsync(FlowContext context)
    {
        // On the credential screen the traits are already there, hidden and checked.
        if (ProfileNodes.OnCredentialStep(context.Ui)) return Task.CompletedTask;
        foreach (var node in TraitNodes.For(schemas.Default))
            if (context.Ui.Find(node.Name!) is null) context.Ui.Upsert(node);
        if (settings.RegistrationProfileFirst) context.Ui.Upsert(ProfileNodes.Submit());
        return Task.CompletedTask;
    }

    public Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        // As in Kratos, the profile method takes no part in a one-step registration: method=profile
        // finds no strategy there (4010003).
        if (!settings.RegistrationProfileFirst) return Task.FromResult(MethodOutcome.Skip);
        var screen = submission["screen"];
        if (submission.Method == BackMethod || screen == ProfileScreens.Previous)
        {
            var kept = submission.HasTraits ? schemas.Default.Normalize(submission.Traits) : TraitNodes.Read(context.Ui);
            ShowProfileStep(context.Ui, kept, errors: null);
            return Task.FromResult(MethodOutcome.NewStep);
        }
        var forward = screen == ProfileScreens.CredentialSelection || (screen is null && submission.Method == Name);
        if (!forward) return Task.FromResult(MethodOutcome.Skip);

        var traits = schemas.Default.Normalize(submission.Traits);
        var errors = schemas.Default.Validate(traits);
        if (!errors.IsValid)
        {
            ShowProfileStep(context.Ui, traits, errors);
            return Task.FromResult(MethodOutcome.Show);
        }
        ShowCredentialStep(context.Ui, traits);
        return Task.FromResult(MethodOutcome.NewStep);
    }

    /// <summary>The first screen afresh: the schema's inputs with <paramref name="traits"/> filled in, and the Sign up button.</summary>
    private void ShowProfileStep(UiContainer ui, JsonObject traits, TraitErrors? errors) => Show(ui, traits, errors, ProfileNodes.Submit());

    /// <summary>
    /// The second screen: the checked traits stay in the form as hidden inputs, which is where the
    /// credential method reads them from, and Back replaces Sign up. The credential methods add their
    /// nodes next (<see cref="MethodOutcome.NewStep"/>).
    /// </summary>
    private void ShowCredentialStep(UiContainer ui, JsonObject traits)
    {
        Show(ui, traits, errors: null, ProfileNodes.Back());
        TraitNodes.Hide(ui);
        ui.AddMessage(Messages.ChooseCredentials());
    }

    private void Show(UiContainer ui, JsonObject traits, TraitErrors? errors, UiNode button)
    {
        ui.Nodes = [ui.Find("csrf_token") ?? NodeFactory.Csrf(), .. TraitNodes.For(schemas.Default), button];
        TraitNodes.Fill(ui, traits, errors);
    }
}
