// Verification through native flows: the one a registration continues with (show_verification_ui),
// answered with the code of the email it sent, and one the app starts itself.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node } from "../context.mjs";
import { checkNodeEnums, signUp } from "../steps.mjs";

async function passWithCode(ctx, flowId, email, seen) {
  const code = await ctx.maildev.codeFor(email, seen, "verification", flowId);
  const passed = await answer(ctx.frontend.updateVerificationFlow({ flow: flowId, updateVerificationFlowBody: { method: "code", code } }), "VerificationFlow");
  check(passed.state === "passed_challenge", "The code passes the verification", passed.state);
}

async function verified(ctx, id, email) {
  const identity = await answer(ctx.identity.getIdentity({ id }), "Identity");
  const address = identity.verifiable_addresses.find((a) => a.value === email);
  return address?.verified === true && address.status === "completed";
}

export default async function verification(ctx) {
  // After a registration.
  const email = ctx.newEmail("sdk-verification");
  const seen = await ctx.maildev.mark();
  const registered = await signUp(ctx, new SoftwareAuthenticator(), email);
  const next = (registered.continue_with ?? []).find((c) => c.action === "show_verification_ui");
  check(next?.flow?.verifiable_address === email, "The registration continues with show_verification_ui for the address", registered.continue_with);
  check(!(await verified(ctx, registered.identity.id, email)), "A new address is not verified");
  const shown = checkNodeEnums(await answer(ctx.frontend.getVerificationFlow({ id: next.flow.id }), "VerificationFlow"));
  check(shown.type === "api" && shown.state === "sent_email", "The registration's verification flow is native and has sent its email", shown);
  await passWithCode(ctx, shown.id, email, seen);
  check(await verified(ctx, registered.identity.id, email), "The address is verified");

  // Started by the app, for an address not yet verified.
  const other = ctx.newEmail("sdk-verification-later");
  const account = await signUp(ctx, new SoftwareAuthenticator(), other);
  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeVerificationFlow(), "VerificationFlow"));
  check(flow.type === "api", "A native verification flow is of type api", flow.type);
  const before = await ctx.maildev.mark();
  const sent = checkNodeEnums(
    await answer(ctx.frontend.updateVerificationFlow({ flow: flow.id, updateVerificationFlowBody: { method: "code", email: other } }), "VerificationFlow"),
  );
  check(sent.state === "sent_email", "After asking for a code the verification flow is in sent_email", sent.state);
  node(sent, "code");
  await passWithCode(ctx, flow.id, other, before);
  check(await verified(ctx, account.identity.id, other), "The address is verified");
}
