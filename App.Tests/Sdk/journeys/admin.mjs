// The admin API through IdentityApi and CourierApi, with the admin API key as the bearer token.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, refused } from "../context.mjs";
import { enumValues } from "../models.mjs";
import { signIn, signUp } from "../steps.mjs";

export default async function admin(ctx) {
  const phone = new SoftwareAuthenticator();
  const email = ctx.newEmail("sdk-admin");
  const registered = await signUp(ctx, phone, email);
  const id = registered.identity.id;
  await signIn(ctx, phone);

  const found = await answer(ctx.identity.listIdentities({ credentialsIdentifier: email }), "Array<Identity>");
  check(found.length === 1 && found[0].id === id, "listIdentities finds the account by its email", found);
  const page = await answer(ctx.identity.listIdentities({ pageSize: 500 }), "Array<Identity>");
  check(page.some((i) => i.id === id), "listIdentities lists the account", page.map((i) => i.id));

  const patched = await answer(
    ctx.identity.patchIdentity({ id, jsonPatch: [{ op: "add", path: "/metadata_public", value: { plan: "team" } }] }),
    "Identity",
  );
  check(patched.metadata_public?.plan === "team", "patchIdentity sets metadata_public", patched);
  await refused(ctx.identity.patchIdentity({ id, jsonPatch: [{ op: "replace", path: "/id", value: "x" }] }), 400);

  const sessions = await answer(ctx.identity.listIdentitySessions({ id }), "Array<Session>");
  check(sessions.length === 2 && sessions.every((s) => s.identity?.id === id || s.identity === undefined), "The account has two sessions", sessions);

  // Here an administrator's recovery link needs a written reason, which the SDK's body lets through.
  const link = await answer(
    ctx.identity.createRecoveryLinkForIdentity({
      createRecoveryLinkForIdentityBody: { identity_id: id, expires_in: "1h", reason: "Lost phone, identity checked by video call" },
    }),
    "RecoveryLinkForIdentity",
  );
  check(link.recovery_link.startsWith(ctx.origin), "The recovery link is on the portal", link);
  check(Date.parse(link.expires_at) > Date.now(), "The recovery link expires in the future", link);
  await refused(ctx.identity.createRecoveryLinkForIdentity({ createRecoveryLinkForIdentityBody: { identity_id: id } }), 400);

  // An email to the account, for the courier to list.
  const seen = await ctx.maildev.mark();
  const verification = await answer(ctx.frontend.createNativeVerificationFlow(), "VerificationFlow");
  await answer(ctx.frontend.updateVerificationFlow({ flow: verification.id, updateVerificationFlowBody: { method: "code", email } }), "VerificationFlow");
  await ctx.maildev.codeFor(email, seen, "verification");
  // maildev has the email a moment before the courier records it as sent.
  let messages;
  for (let tries = 0; tries < 50; tries++) {
    messages = await answer(ctx.courier.listCourierMessages({ recipient: email }), "Array<Message>");
    if (messages.some((m) => m.status === "sent")) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  check(messages.length > 0 && messages.every((m) => m.recipient === email), "listCourierMessages lists the account's email", messages);
  check(messages.some((m) => m.status === "sent" && m.template_type === "verification_code_valid"), "The verification email is listed as sent", messages);
  const all = await answer(ctx.courier.listCourierMessages({ pageSize: 500 }), "Array<Message>");
  check(all.length >= messages.length, "listCourierMessages without a filter lists at least as many", all.length);
  for (const m of messages) {
    check(enumValues("CourierMessageStatus").includes(m.status), "A message status the SDK knows", m);
    check(enumValues("CourierMessageType").includes(m.type), "A message type the SDK knows", m);
  }

  // Without the key the admin API is refused in Kratos's shape.
  const { sdk } = await import("../sdk.mjs");
  const anonymous = new sdk.IdentityApi(new sdk.Configuration({ basePath: ctx.adminUrl }));
  await refused(anonymous.listIdentities(), 401);
}
