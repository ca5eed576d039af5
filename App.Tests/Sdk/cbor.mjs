// The few CBOR items (RFC 8949) a "none" attestation object and a COSE key need, in the
// canonical form CTAP2 uses: shortest lengths, map entries in the order given.

function head(major, value) {
  if (value < 24) return Buffer.from([(major << 5) | value]);
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
  if (value < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(value, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(value, 1);
  return b;
}

/** Encodes integers, byte strings (Buffer/Uint8Array), text strings and Maps. */
export function encode(item) {
  if (typeof item === "number") {
    if (!Number.isInteger(item)) throw new TypeError(`CBOR here takes integers only, not ${item}`);
    return item >= 0 ? head(0, item) : head(1, -1 - item);
  }
  if (item instanceof Uint8Array) return Buffer.concat([head(2, item.length), item]);
  if (typeof item === "string") {
    const bytes = Buffer.from(item, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (item instanceof Map) {
    const parts = [head(5, item.size)];
    for (const [key, value] of item) parts.push(encode(key), encode(value));
    return Buffer.concat(parts);
  }
  throw new TypeError(`CBOR here cannot encode ${typeof item}`);
}
