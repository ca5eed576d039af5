// The model checks themselves: what they must refuse, and a real answer they must accept, so a
// journey that passes has been held to something.
import { answer, check } from "../context.mjs";
import { enumValues, violations } from "../models.mjs";

export default async function models(ctx) {
  const flow = await answer(ctx.frontend.createNativeLoginFlow(), "LoginFlow");
  check(violations(flow, "LoginFlow").length === 0, "A real login flow fits", violations(flow, "LoginFlow"));

  const without = structuredClone(flow);
  delete without.expires_at;
  check(violations(without, "LoginFlow").some((v) => v.includes("LoginFlow.expires_at is missing")), "A missing required field is refused");

  const unknownGroup = structuredClone(flow);
  unknownGroup.ui.nodes[0].group = "magic";
  check(violations(unknownGroup, "LoginFlow").some((v) => v.includes("UiNodeGroupEnum")), "An unknown enum value is refused");

  const placeholder = structuredClone(flow);
  placeholder.ui.nodes[0].type = "11184809";
  check(violations(placeholder, "LoginFlow").length > 0, "The generator's placeholder for unknown values is not a value");

  const wrongType = structuredClone(flow);
  wrongType.ui.nodes = {};
  check(violations(wrongType, "LoginFlow").some((v) => v.includes("Array<UiNode>")), "An object for an array is refused");

  const nulled = structuredClone(flow);
  nulled.issued_at = null;
  check(violations(nulled, "LoginFlow").some((v) => v.includes("is null")), "null for a declared string is refused");

  const unknownNode = structuredClone(flow);
  unknownNode.ui.nodes[0].attributes.node_type = "video";
  check(violations(unknownNode, "LoginFlow").some((v) => v.includes("not a variant of UiNodeAttributes")), "An unknown union variant is refused");

  check(violations({ action: "set_ory_session_token" }, "ContinueWith").some((v) => v.includes("ory_session_token is missing")), "A union variant's required field is checked");
  check(enumValues("UiNodeTypeEnum").join() === "text,input,img,a,script,div", "The SDK's node types are read", enumValues("UiNodeTypeEnum"));
}
