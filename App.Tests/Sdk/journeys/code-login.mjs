// "Can't use passkey?": a native sign-in with a code emailed to the address (method code).
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node, step } from "../context.mjs";
import { checkNodeEnums, signUp, whoami } from "../steps.mjs";

export default async function codeLogin(ctx) {
  const email = ctx.newEmail("sdk-code");
  const registered = await signUp(ctx, new SoftwareAuthenticator(), email);

  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeLoginFlow(), "LoginFlow"));
  const seen = await ctx.maildev.mark();
  const csrf = ""; // an api flow has no CSRF token, but the SDK's model of this body requires the field
  const sent = checkNodeEnums(
    await step(ctx.frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: "code", identifier: email, csrf_token: csrf } }), "LoginFlow", 400),
  );
  check(sent.state === "sent_email", "After asking for a code the flow is in sent_email", sent.state);
  check(sent.active === "code", "The flow's active method is code", sent.active);
  node(sent, "code");

  const code = await ctx.maildev.codeFor(email, seen, "sign-in");
  const done = await answer(
    ctx.frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: "code", identifier: email, code, csrf_token: csrf } }),
    "SuccessfulNativeLogin",
  );
  check(done.session.identity.id === registered.identity.id, "The code signs the account in", done.session);
  check(done.session.authentication_methods.some((m) => m.method === "code"), "The session was made by a code", done.session.authentication_methods);
  check(typeof done.session_token === "string" && done.session_token.length > 0, "A native sign-in answers with a session_token", done);
  const session = await whoami(ctx, done.session_token);
  check(session.identity.traits.email === email, "toSession names the account", session.identity);
}
