using System.Text.Json.Nodes;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Profile;

/// <summary>
/// The profile group's registration buttons (Kratos <c>selfservice/strategy/profile/nodes.go</c>). A
/// two-step registration keeps its step in its own form: the credential screen is the one with Back.
/// </summary>
public static class ProfileNodes
{
    /// <summary>Sends the traits and moves on to the credential screen.</summary>
    public static UiNode Submit() =>
        NodeFactory.Input(UiGroups.Profile, "method", "submit", JsonValue.Create(ProfileRegistration.MethodName), label: Messages.SignUp());

    /// <summary>Returns from the credential screen to the traits (Kratos's <c>screen=previous</c>).</summary>
    public static UiNode Back() =>
        NodeFactory.Input(UiGroups.Profile, "screen", "submit", JsonValue.Create(ProfileScreens.Previous), label: Messages.RegistrationBack());

    public static bool IsBack(UiNode node) => node.Group == UiGroups.Profile && node.Name == "screen";

    public static bool OnCredentialStep(UiContainer ui) => ui.Nodes.Exists(IsBack);
}

/// <summary>Kratos's <c>RegistrationScreen</c> values of a profile submission's <c>screen</c>.</summary>
public static class ProfileScreens
{
    public const string CredentialSelection = "credential-selection";
    public const string Previous = "previous";
}
