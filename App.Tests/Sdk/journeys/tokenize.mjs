// toSession with tokenizeAs: the session comes back with tokenized, a JWT the template's key signed,
// whose claims are Kratos's; an unknown template is a 400.
import { createPublicKey, verify } from "node:crypto";
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { answer, check, refused } from "../context.mjs";
import { signUp } from "../steps.mjs";

export default async function tokenize(ctx) {
  const registered = await signUp(ctx, new SoftwareAuthenticator(), ctx.newEmail("sdk-jwt"));
  const session = await answer(ctx.frontend.toSession({ xSessionToken: registered.session_token, tokenizeAs: "jwt" }), "Session");
  check(typeof session.tokenized === "string", "toSession with tokenizeAs answers tokenized", session);

  const [header, payload, signature] = session.tokenized.split(".");
  const key = createPublicKey({ key: JSON.parse(process.env.PORTAL_TOKEN_JWKS).keys[0], format: "jwk" });
  const signed = verify("sha256", Buffer.from(`${header}.${payload}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  check(signed, "The token is signed by the template's key", session.tokenized);

  const head = JSON.parse(Buffer.from(header, "base64url"));
  const claims = JSON.parse(Buffer.from(payload, "base64url"));
  check(head.alg === "ES256" && head.kid === "k1", "The header names the key's alg and kid", head);
  check(claims.sub === session.identity.id && claims.sid === session.id, "sub is the identity and sid the session", claims);
  check(claims.iss === new URL("/", ctx.origin).href, "iss is the public base URL", claims);
  check(claims.exp - claims.iat === 60 && claims.nbf === claims.iat, "The default ttl is a minute", claims);

  const error = await refused(ctx.frontend.toSession({ xSessionToken: registered.session_token, tokenizeAs: "nope" }), 400);
  check(error.error.reason === 'Unable to find tokenizer template "nope".', "An unknown template is Kratos's 400", error);
}
