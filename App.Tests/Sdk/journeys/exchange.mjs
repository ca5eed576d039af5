// A native app signs in through the system browser: createNativeLoginFlow asks for an exchange
// code, the hosted page's form is posted as a browser posts it, and exchangeSessionToken trades
// both codes for the session token, once.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node, refused } from "../context.mjs";
import { signUp, whoami } from "../steps.mjs";

export default async function exchange(ctx) {
  const phone = new SoftwareAuthenticator();
  const registered = await signUp(ctx, phone, ctx.newEmail("sdk-exchange"));
  const callback = `${ctx.origin}/app/callback`;

  const flow = await answer(
    ctx.frontend.createNativeLoginFlow({ returnTo: `${callback}?state=sdk`, returnSessionTokenExchangeCode: true }),
    "LoginFlow",
  );
  const initCode = flow.session_token_exchange_code;
  check(typeof initCode === "string" && initCode.length > 0, "The new flow carries session_token_exchange_code", flow);

  // The system browser: no SDK, no JSON, the page's form as it stands, and no redirect followed.
  const assertion = phone.get(node(flow, "passkey_challenge").attributes.value, ctx.origin);
  const back = await fetch(flow.ui.action, {
    method: "POST",
    body: new URLSearchParams({ method: "passkey", csrf_token: "", passkey_login: JSON.stringify(assertion) }),
    redirect: "manual",
  });
  check(back.status === 303, "The browser is sent back to the app", back.status);
  const location = new URL(back.headers.get("location"));
  check(`${location.origin}${location.pathname}` === callback && location.searchParams.get("state") === "sdk", "To return_to, its query kept", location.href);
  const returnToCode = location.searchParams.get("code");
  check(returnToCode, "With the return_to code", location.href);

  const exchanged = await answer(ctx.frontend.exchangeSessionToken({ initCode, returnToCode }), "SuccessfulNativeLogin");
  check(exchanged.session.identity.id === registered.identity.id, "The exchanged session is the identity's that signed in", exchanged.session);
  check((await whoami(ctx, exchanged.session_token)).id === exchanged.session.id, "toSession answers the exchanged token");

  await refused(ctx.frontend.exchangeSessionToken({ initCode, returnToCode }), 410);
  await refused(ctx.frontend.exchangeSessionToken({ initCode, returnToCode: initCode }), 404);
}
