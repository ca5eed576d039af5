// A native verification flow: a code emailed to the address marks it verified.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, node } from "../context.mjs";
import { checkNodeEnums, signUp } from "../steps.mjs";

export default async function verification(ctx) {
  const email = ctx.newEmail("sdk-verification");
  const registered = await signUp(ctx, new SoftwareAuthenticator(), email);
  const before = await answer(ctx.identity.getIdentity({ id: registered.identity.id }), "Identity");
  check(before.verifiable_addresses[0].verified === false, "A new address is not verified", before.verifiable_addresses);

  const flow = checkNodeEnums(await answer(ctx.frontend.createNativeVerificationFlow(), "VerificationFlow"));
  check(flow.type === "api", "A native verification flow is of type api", flow.type);
  const seen = await ctx.maildev.mark();
  const sent = checkNodeEnums(
    await answer(ctx.frontend.updateVerificationFlow({ flow: flow.id, updateVerificationFlowBody: { method: "code", email } }), "VerificationFlow"),
  );
  check(sent.state === "sent_email", "After asking for a code the verification flow is in sent_email", sent.state);
  node(sent, "code");

  const code = await ctx.maildev.codeFor(email, seen);
  const passed = await answer(ctx.frontend.updateVerificationFlow({ flow: flow.id, updateVerificationFlowBody: { method: "code", code } }), "VerificationFlow");
  check(passed.state === "passed_challenge", "The code passes the verification", passed.state);

  const after = await answer(ctx.identity.getIdentity({ id: registered.identity.id }), "Identity");
  const address = after.verifiable_addresses.find((a) => a.value === email);
  check(address?.verified === true && address.status === "completed", "The address is verified", after.verifiable_addresses);
}
