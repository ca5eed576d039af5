using App.Configuration;
using App.SelfService.Methods;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Settings;

/// <summary>
/// The settings flow (Kratos <c>selfservice/flow/settings</c>): the signed-in identity manages its
/// own credentials. A flow belongs to the identity it was created for and only its sessions may use it.
/// </summary>
public sealed class SettingsFlow(IEnumerable<ISettingsMethod> methods) : FlowKind(methods)
{
    public override string Name => FlowKinds.Settings;
    public override TimeSpan Lifespan(PortalSettings settings) => settings.SettingsLifespan;
    public override string UiUrl(PortalSettings settings) => settings.Options.SelfService.Flows.Settings.UiUrl;
    public override bool Enabled(PortalSettings settings) => true;
    public override UiText ExpiredMessage(DateTime expiredAt, DateTime now) => Messages.SettingsExpired(expiredAt, now);
    public override UiText NoMethodMessage() => Messages.SettingsNoStrategy();
    public override bool RequiresSession => true;
    public override string InitialState => FlowStates.ShowForm;
    public override bool NeedsPrivilege => true;
}
