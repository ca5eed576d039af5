// What every journey gets: the SDK's API classes for one portal (public and admin listeners),
// maildev's inbox, and checks that fail with the portal's answer in the message.
import { randomUUID } from "node:crypto";
import { sdk } from "./sdk.mjs";
import { expectModel } from "./models.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function createContext() {
  const origin = required("PORTAL_URL");
  // The SDK sends apiKey as the Authorization header of the admin calls (security scheme oryAccessToken).
  const admin = new sdk.Configuration({ basePath: required("PORTAL_ADMIN_URL"), apiKey: `Bearer ${required("PORTAL_ADMIN_KEY")}` });
  const frontendConfiguration = new sdk.Configuration({ basePath: origin });
  return {
    origin,
    adminUrl: required("PORTAL_ADMIN_URL"),
    frontend: new sdk.FrontendApi(frontendConfiguration),
    identity: new sdk.IdentityApi(admin),
    courier: new sdk.CourierApi(admin),
    maildev: new Inbox(required("MAILDEV_URL")),
    newEmail: (name) => `${name}-${randomUUID()}@example.com`,
  };
}

/** The answer's body, after checking it fits the SDK's model. */
export async function answer(promise, model) {
  const response = await promise;
  return expectModel(response.data, model);
}

/**
 * A flow step that answers either 200 or, as Kratos does for a step that needs more from the
 * user, 400 with the flow; the body is checked against the model either way.
 */
export async function step(promise, model, expectedStatus) {
  let response;
  try {
    response = await promise;
  } catch (error) {
    if (!error.response) throw error;
    response = error.response;
  }
  if (response.status !== expectedStatus)
    throw new Error(`Expected ${expectedStatus}, the portal answered ${response.status}: ${JSON.stringify(response.data, null, 2)}`);
  return expectModel(response.data, model);
}

/** The SDK call must be refused with this status; returns the body, checked against the model. */
export async function refused(promise, status, model = "ErrorGeneric") {
  try {
    const response = await promise;
    throw new Error(`Expected ${status}, the portal answered ${response.status}: ${JSON.stringify(response.data)}`);
  } catch (error) {
    if (!error.response) throw error;
    if (error.response.status !== status)
      throw new Error(`Expected ${status}, the portal answered ${error.response.status}: ${JSON.stringify(error.response.data)}`);
    return expectModel(error.response.data, model);
  }
}

export function check(condition, message, detail) {
  if (!condition) throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail, null, 2)}`);
}

export function node(flow, name) {
  const found = flow.ui.nodes.find((n) => n.attributes.name === name);
  check(found, `The flow has no node ${name}`, flow.ui.nodes.map((n) => n.attributes.name ?? n.attributes.id));
  return found;
}

export function nodes(flow, name) {
  return flow.ui.nodes.filter((n) => n.attributes.name === name);
}

/** maildev's HTTP API (not the portal's, so plain fetch). */
class Inbox {
  constructor(url) {
    this.url = url;
  }

  async waitFor(to, match = () => true, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await (await fetch(`${this.url}/api/email`)).json();
      const found = all.filter((e) => e.to.some((a) => a.address.toLowerCase() === to.toLowerCase()) && match(e));
      if (found.length > 0) return found.at(-1);
      if (Date.now() > deadline)
        throw new Error(`No email to ${to} within ${timeoutMs} ms; maildev has: ${all.map((e) => `"${e.subject}" to ${e.to.map((a) => a.address)}`).join("; ")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** What has arrived so far, to tell the emails that come after it. */
  async mark() {
    const all = await (await fetch(`${this.url}/api/email`)).json();
    return new Set(all.map((e) => e.id));
  }

  /**
   * The six-digit code of the newest email to the address that is not in `seen` (a mark) and whose
   * subject names its purpose ("sign-in", "recovery", "verification"): a registration's
   * verification email may still be on its way when the next one is asked for. With `flowId`, only
   * the email whose link names that flow.
   */
  async codeFor(to, seen, purpose, flowId) {
    const email = await this.waitFor(
      to,
      (e) =>
        !seen.has(e.id) &&
        e.subject.includes(`${purpose} code`) &&
        (flowId === undefined || e.text.includes(`flow=${flowId}`)) &&
        /\b\d{6}\b/.test(`${e.subject}\n${e.text}`),
    );
    return /\b\d{6}\b/.exec(`${email.subject}\n${email.text}`)[0];
  }
}
