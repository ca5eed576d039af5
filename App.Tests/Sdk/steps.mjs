// Journeys' shared steps, each through the SDK's FrontendApi.
import { answer, check, node } from "./context.mjs";
import { enumValues } from "./models.mjs";

/** Every node's group and type, and each input's type, must be a value the SDK declares. */
export function checkNodeEnums(flow) {
  for (const n of flow.ui.nodes) {
    check(enumValues("UiNodeGroupEnum").includes(n.group), "A node group the SDK does not know", n);
    check(enumValues("UiNodeTypeEnum").includes(n.type), "A node type the SDK does not know", n);
    check(n.attributes.node_type === n.type, "attributes.node_type differs from type", n);
    if (n.type === "input") check(enumValues("UiNodeInputAttributesTypeEnum").includes(n.attributes.type), "An input type the SDK does not know", n);
  }
  return flow;
}

/** A native registration with a new passkey; returns the SDK's SuccessfulNativeRegistration. */
export async function signUp(ctx, authenticator, email) {
  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeRegistrationFlow(), "RegistrationFlow"));
  check(flow.type === "api", "A native registration flow is of type api", flow.type);
  const credential = authenticator.create(node(flow, "passkey_create_data").attributes.value, ctx.origin);
  const done = await answer(
    ctx.frontend.updateRegistrationFlow({
      flow: flow.id,
      updateRegistrationFlowBody: { method: "passkey", traits: { email }, passkey_register: JSON.stringify(credential) },
    }),
    "SuccessfulNativeRegistration",
  );
  check(typeof done.session_token === "string" && done.session_token.length > 0, "A native registration answers with a session_token", done);
  return done;
}

/** A native sign-in with the authenticator's passkey; returns the SDK's SuccessfulNativeLogin. */
export async function signIn(ctx, authenticator, only) {
  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeLoginFlow(), "LoginFlow"));
  check(flow.type === "api", "A native login flow is of type api", flow.type);
  const assertion = authenticator.get(node(flow, "passkey_challenge").attributes.value, ctx.origin, only);
  const done = await answer(
    ctx.frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: "passkey", passkey_login: JSON.stringify(assertion) } }),
    "SuccessfulNativeLogin",
  );
  check(typeof done.session_token === "string" && done.session_token.length > 0, "A native sign-in answers with a session_token", done);
  return done;
}

/** toSession with the token, checked as the SDK's Session. */
export const whoami = (ctx, token) => answer(ctx.frontend.toSession({ xSessionToken: token }), "Session");
