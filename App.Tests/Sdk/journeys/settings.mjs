// Add a second passkey in a native settings flow, remove the first, and sign in with what is left.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node, nodes, refused } from "../context.mjs";
import { checkNodeEnums, signIn, signUp } from "../steps.mjs";

const hex = (b64url) => Buffer.from(b64url, "base64url").toString("hex");

export default async function settings(ctx) {
  const phone = new SoftwareAuthenticator();
  const laptop = new SoftwareAuthenticator();
  const registered = await signUp(ctx, phone, ctx.newEmail("sdk-settings"));
  const token = registered.session_token;
  const first = phone.credentials[0].id.toString("base64url");

  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeSettingsFlow({ xSessionToken: token }), "SettingsFlow"));
  check(flow.type === "api", "A native settings flow is of type api", flow.type);
  check(flow.identity.id === registered.identity.id, "The settings flow is the signed-in identity's", flow.identity);
  check(nodes(flow, "passkey_remove").length === 1, "One passkey to remove", flow.ui.nodes);

  const second = laptop.create(node(flow, "passkey_create_data").attributes.value, ctx.origin);
  const added = checkNodeEnums(
    await answer(
      ctx.frontend.updateSettingsFlow({
        flow: flow.id,
        xSessionToken: token,
        updateSettingsFlowBody: { method: "passkey", passkey_settings_register: JSON.stringify(second) },
      }),
      "SettingsFlow",
    ),
  );
  check(added.state === "success", "Adding a passkey succeeds", added.state);
  const removable = nodes(added, "passkey_remove").map((n) => n.attributes.value);
  check(removable.length === 2 && removable.includes(hex(second.id)) && removable.includes(hex(first)), "Both passkeys can be removed", removable);

  const again = checkNodeEnums(await answer(ctx.frontend.createNativeSettingsFlow({ xSessionToken: token }), "SettingsFlow"));
  const removed = await answer(
    ctx.frontend.updateSettingsFlow({
      flow: again.id,
      xSessionToken: token,
      updateSettingsFlowBody: { method: "passkey", passkey_remove: hex(first) },
    }),
    "SettingsFlow",
  );
  check(removed.state === "success", "Removing a passkey succeeds", removed.state);
  check(
    nodes(removed, "passkey_remove").map((n) => n.attributes.value).join() === hex(second.id),
    "Only the second passkey is left",
    removed.ui.nodes,
  );

  const withLaptop = await signIn(ctx, laptop);
  check(withLaptop.session.identity.id === registered.identity.id, "The new passkey signs the same identity in", withLaptop.session);

  const login = await answer(ctx.frontend.createNativeLoginFlow(), "LoginFlow");
  const stale = phone.get(node(login, "passkey_challenge").attributes.value, ctx.origin);
  const refusal = await refused(
    ctx.frontend.updateLoginFlow({ flow: login.id, updateLoginFlowBody: { method: "passkey", passkey_login: JSON.stringify(stale) } }),
    400,
    "LoginFlow",
  );
  check(refusal.ui.messages?.some((m) => m.type === "error"), "The removed passkey is refused with an error message", refusal.ui);

  // A settings flow without the session token is not anyone's.
  await refused(ctx.frontend.createNativeSettingsFlow(), 401);
}
