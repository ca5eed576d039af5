// A platform authenticator and its client in software (WebAuthn L3): turns the options a portal
// hands out into the JSON PublicKeyCredential.toJSON() would post. P-256 keys (ES256), "none"
// attestation, flags UP|UV (and AT on creation), a sign counter per credential.
import { createHash, createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { encode } from "./cbor.mjs";

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
const ES256 = -7;

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
const fromB64url = (text) => Buffer.from(text, "base64url");
const sha256 = (data) => createHash("sha256").update(data).digest();

// Kratos wraps the options ({"credentialOptions":{"publicKey":…}} or {"publicKey":…}), sometimes as a JSON string.
export function unwrapOptions(value) {
  let options = typeof value === "string" ? JSON.parse(value) : value;
  if (typeof options === "string") options = JSON.parse(options);
  if (options.credentialOptions) options = options.credentialOptions;
  if (options.publicKey) options = options.publicKey;
  if (typeof options.challenge !== "string") throw new Error(`options carry no challenge: ${JSON.stringify(value)}`);
  return options;
}

// clientDataJSON with its members in the order §5.8.1.1 fixes.
function clientData(type, challenge, origin) {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");
}

// rpIdHash(32) | flags(1) | signCount(4, big endian) | attested credential data (§6.1).
function authenticatorData(rpId, flags, signCount, attested = Buffer.alloc(0)) {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(signCount);
  return Buffer.concat([sha256(Buffer.from(rpId, "utf8")), Buffer.from([flags]), counter, attested]);
}

// The public key as a COSE_Key: kty EC2, alg ES256, crv P-256, x, y (RFC 9053).
function coseKey(publicKey) {
  const jwk = publicKey.export({ format: "jwk" });
  return encode(new Map([[1, 2], [3, ES256], [-1, 1], [-2, fromB64url(jwk.x)], [-3, fromB64url(jwk.y)]]));
}

export class SoftwareAuthenticator {
  credentials = [];

  /** navigator.credentials.create() */
  create(optionsValue, origin) {
    const options = unwrapOptions(optionsValue);
    const rpId = options.rp?.id || new URL(origin).hostname;
    const algorithms = (options.pubKeyCredParams ?? []).map((p) => p.alg);
    if (algorithms.length > 0 && !algorithms.includes(ES256)) throw new Error("NotSupportedError: the portal does not accept ES256");
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(b64url(c.id))))
      throw new Error("InvalidStateError: an excluded credential is on this authenticator");

    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const id = randomBytes(32);
    const userHandle = fromB64url(options.user.id);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    // A "none" attestation carries an all-zero AAGUID (§5.1.3).
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, coseKey(publicKey)]);
    const authData = authenticatorData(rpId, FLAG_UP | FLAG_UV | FLAG_AT, 0, attested);
    const attestationObject = encode(new Map([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    const data = clientData("webauthn.create", options.challenge, origin);
    this.credentials.push({ id, rpId, userHandle, privateKey, signCount: 0 });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(data), attestationObject: b64url(attestationObject), transports: ["internal"] },
    };
  }

  /**
   * navigator.credentials.get(): an allowed credential, or any discoverable one of the RP; `only`
   * (a base64url id) picks one, as a person picks a passkey from the browser's list.
   */
  get(optionsValue, origin, only) {
    const options = unwrapOptions(optionsValue);
    const rpId = options.rpId || new URL(origin).hostname;
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential = this.credentials.find(
      (c) => c.rpId === rpId && (allowed.size === 0 || allowed.has(b64url(c.id))) && (only === undefined || only === b64url(c.id)),
    );
    if (!credential) throw new Error(`NotAllowedError: no credential for ${rpId} on this authenticator`);
    credential.signCount += 1;
    const authData = authenticatorData(rpId, FLAG_UP | FLAG_UV, credential.signCount);
    const data = clientData("webauthn.get", options.challenge, origin);
    // §6.3.3: sign authenticatorData || SHA-256(clientDataJSON); ECDSA signatures go in DER.
    const signature = createSign("sha256").update(Buffer.concat([authData, sha256(data)])).sign(credential.privateKey);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(data),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: b64url(credential.userHandle),
      },
    };
  }
}
