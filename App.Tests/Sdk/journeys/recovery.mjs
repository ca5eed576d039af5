// "Lost your passkey?": a native recovery by emailed code, which hands the app a session token and
// a settings flow; that session saves a new passkey, which then signs in.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node } from "../context.mjs";
import { checkNodeEnums, signIn, signUp, whoami } from "../steps.mjs";

export default async function recovery(ctx) {
  const email = ctx.newEmail("sdk-recovery");
  const registered = await signUp(ctx, new SoftwareAuthenticator(), email);

  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeRecoveryFlow(), "RecoveryFlow"));
  check(flow.type === "api", "A native recovery flow is of type api", flow.type);
  const seen = await ctx.maildev.mark();
  const sent = checkNodeEnums(
    await answer(ctx.frontend.updateRecoveryFlow({ flow: flow.id, updateRecoveryFlowBody: { method: "code", email } }), "RecoveryFlow"),
  );
  check(sent.state === "sent_email", "After asking for a code the recovery flow is in sent_email", sent.state);
  node(sent, "code");

  const code = await ctx.maildev.codeFor(email, seen, "recovery");
  const passed = await answer(ctx.frontend.updateRecoveryFlow({ flow: flow.id, updateRecoveryFlowBody: { method: "code", code } }), "RecoveryFlow");
  check(passed.state === "passed_challenge", "The code passes the recovery's challenge", passed.state);
  const token = (passed.continue_with ?? []).find((c) => c.action === "set_ory_session_token")?.ory_session_token;
  const settingsId = (passed.continue_with ?? []).find((c) => c.action === "show_settings_ui")?.flow?.id;
  check(token && settingsId, "A native recovery continues with a session token and a settings flow", passed.continue_with);

  const session = await whoami(ctx, token);
  check(session.identity.id === registered.identity.id, "The recovery's session is the account's", session);

  const settings = checkNodeEnums(await answer(ctx.frontend.getSettingsFlow({ id: settingsId, xSessionToken: token }), "SettingsFlow"));
  const laptop = new SoftwareAuthenticator();
  const credential = laptop.create(node(settings, "passkey_create_data").attributes.value, ctx.origin);
  const saved = await answer(
    ctx.frontend.updateSettingsFlow({
      flow: settings.id,
      xSessionToken: token,
      updateSettingsFlowBody: { method: "passkey", passkey_settings_register: JSON.stringify(credential) },
    }),
    "SettingsFlow",
  );
  check(saved.state === "success", "The recovered session saves a new passkey", saved.state);

  const signedIn = await signIn(ctx, laptop);
  check(signedIn.session.identity.id === registered.identity.id, "The new passkey signs the account in", signedIn.session);
}
