using System.Text.Json.Nodes;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Password;

/// <summary>The password group's nodes on the login flow (Kratos <c>selfservice/strategy/password/login.go</c>).</summary>
public static class PasswordNodes
{
    public static UiText LabelPassword() => UiText.Info(1070001, "Password");
    public static UiText SignInWithPassword() => UiText.Info(1010022, "Sign in with password");

    public static UiNode Password() => NodeFactory.Input(UiGroups.Password, "password", "password", null, required: true,
        autocomplete: "current-password", label: LabelPassword());

    public static UiNode Submit() => NodeFactory.Input(UiGroups.Password, "method", "submit", JsonValue.Create("password"), label: SignInWithPassword());
}
