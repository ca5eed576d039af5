// A native app's own sessions (FrontendApi) and an administrator's (IdentityApi), by session token.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, refused } from "../context.mjs";
import { signIn, signUp, whoami } from "../steps.mjs";

export default async function sessions(ctx) {
  const phone = new SoftwareAuthenticator();
  const registered = await signUp(ctx, phone, ctx.newEmail("sdk-sessions"));
  const [a, b, c] = [registered, await signIn(ctx, phone), await signIn(ctx, phone)].map((x) => ({ token: x.session_token, id: x.session.id }));

  const flow = await answer(ctx.frontend.createNativeLoginFlow(), "LoginFlow");
  const again = await answer(ctx.frontend.getLoginFlow({ id: flow.id }), "LoginFlow");
  check(again.id === flow.id && again.type === "api", "getLoginFlow answers the api flow", again);
  await refused(ctx.frontend.toSession(), 401);

  const mine = await answer(ctx.frontend.listMySessions({ xSessionToken: a.token }), "Array<Session>");
  const ids = mine.map((s) => s.id);
  check(ids.includes(b.id) && ids.includes(c.id) && !ids.includes(a.id), "listMySessions lists the other sessions, not this one", ids);

  const one = await ctx.frontend.disableMySession({ id: b.id, xSessionToken: a.token });
  check(one.status === 204, "disableMySession answers 204", one.status);
  await refused(ctx.frontend.toSession({ xSessionToken: b.token }), 401);
  await refused(ctx.frontend.disableMySession({ id: a.id, xSessionToken: a.token }), 400);

  const others = await answer(ctx.frontend.disableMyOtherSessions({ xSessionToken: a.token }), "DeleteMySessionsCount");
  check(others.count === 1, "disableMyOtherSessions ends the one left", others);
  await refused(ctx.frontend.toSession({ xSessionToken: c.token }), 401);

  const session = await answer(ctx.identity.getSession({ id: a.id, expand: ["identity", "devices"] }), "Session");
  check(session.identity?.id === registered.identity.id, "getSession expands the identity", session);
  const before = Date.parse(session.expires_at);
  const extended = await ctx.identity.extendSession({ id: a.id });
  check([200, 204].includes(extended.status), "extendSession answers 200 or 204", extended.status);
  const after = await answer(ctx.identity.getSession({ id: a.id }), "Session");
  check(Date.parse(after.expires_at) >= before, "extendSession does not shorten the session", { before: session.expires_at, after: after.expires_at });

  const all = await answer(ctx.identity.listSessions({ pageSize: 500, active: true }), "Array<Session>");
  check(all.some((s) => s.id === a.id), "listSessions lists the active session", all.length);

  const disabled = await ctx.identity.disableSession({ id: a.id });
  check(disabled.status === 204, "disableSession answers 204", disabled.status);
  await refused(ctx.frontend.toSession({ xSessionToken: a.token }), 401);
  check((await whoami(ctx, (await signIn(ctx, phone)).session_token)).active, "A new sign-in still works");
  const deleted = await ctx.identity.deleteIdentitySessions({ id: registered.identity.id });
  check(deleted.status === 204, "deleteIdentitySessions answers 204", deleted.status);
  const left = await answer(ctx.identity.listIdentitySessions({ id: registered.identity.id, active: true }), "Array<Session>");
  check(left.length === 0, "No active session is left", left);
}
