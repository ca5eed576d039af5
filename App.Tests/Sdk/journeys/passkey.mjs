// Sign up with a passkey, sign in with it, ask who is signed in, and refresh: all native (api) flows.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node } from "../context.mjs";
import { enumValues } from "../models.mjs";
import { checkNodeEnums, signIn, signUp, whoami } from "../steps.mjs";

export default async function passkey(ctx) {
  const phone = new SoftwareAuthenticator();
  const email = ctx.newEmail("sdk-passkey");

  const registered = await signUp(ctx, phone, email);
  check(registered.identity.traits.email === email, "The registered identity carries the email", registered.identity);
  check(registered.session?.identity?.id === registered.identity.id, "The registration's session is the new identity's", registered.session);
  check(
    (registered.continue_with ?? []).some((c) => c.action === "set_ory_session_token" && c.ory_session_token === registered.session_token),
    "A native registration continues with set_ory_session_token",
    registered.continue_with,
  );

  const signedIn = await signIn(ctx, phone);
  check(signedIn.session.identity.id === registered.identity.id, "The sign-in is the registered identity's", signedIn.session);
  check(signedIn.session_token !== registered.session_token, "A sign-in makes a new session token");
  const methods = signedIn.session.authentication_methods ?? [];
  check(methods.some((m) => m.method === "passkey" && m.aal === "aal1"), "The session was made by a passkey at aal1", methods);
  for (const m of methods) check(enumValues("SessionAuthenticationMethodMethodEnum").includes(m.method), "An authentication method the SDK knows", m);

  const session = await whoami(ctx, signedIn.session_token);
  check(session.id === signedIn.session.id, "toSession answers the signed-in session", session);
  check(session.active === true, "The session is active", session);
  check(session.identity.traits.email === email, "toSession names the identity by its email", session.identity);
  check(enumValues("AuthenticatorAssuranceLevel").includes(session.authenticator_assurance_level), "An aal the SDK knows", session);
  check(enumValues("IdentityStateEnum").includes(session.identity.state), "An identity state the SDK knows", session.identity);

  // A refresh sign-in keeps the session, and answers with its token like any native sign-in.
  const token = signedIn.session_token;
  const refresh = checkNodeEnums(await answer(ctx.frontend.createNativeLoginFlow({ refresh: true, xSessionToken: token }), "LoginFlow"));
  check(refresh.refresh === true, "The flow is a refresh", refresh);
  const assertion = phone.get(node(refresh, "passkey_challenge").attributes.value, ctx.origin);
  const refreshed = await answer(
    ctx.frontend.updateLoginFlow({ flow: refresh.id, xSessionToken: token, updateLoginFlowBody: { method: "passkey", passkey_login: JSON.stringify(assertion) } }),
    "SuccessfulNativeLogin",
  );
  check(refreshed.session.id === signedIn.session.id, "A refresh keeps the session", refreshed.session);
  check(refreshed.session_token === token, "A refresh answers with the session's token", refreshed);
  check((await whoami(ctx, refreshed.session_token)).id === signedIn.session.id, "The token still answers");
}
