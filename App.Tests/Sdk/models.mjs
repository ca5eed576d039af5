// Holds the portal's answers to the SDK's own models. @ory/kratos-client is generated TypeScript:
// at run time it takes any JSON, so the checks a typed client (or a generated client in a
// stricter language) makes are read here from the package's own declarations, dist/api.d.ts:
// required properties, the declared type of each, the values of each enum (without the
// generator's "unknown" placeholder), and the discriminated unions (ContinueWith, UiNodeAttributes).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sdkDirectory } from "./sdk.mjs";

const UNKNOWN = "11184809";

function parseDeclarations(text) {
  const interfaces = new Map();
  const enums = new Map();
  const unions = new Map();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let match;
    if ((match = /^export interface (\w+) \{$/.exec(lines[i]))) {
      const properties = new Map();
      for (i++; lines[i] !== "}"; i++) {
        const property = /^    '([^']+)'(\?)?: (.+?);?$/.exec(lines[i]);
        if (!property) continue;
        let type = property[3];
        // A map type spans lines: "{", "[key: string]: X;", "};".
        if (type === "{") {
          const value = /\[key: string\]: (.+);/.exec(lines[++i])[1];
          type = `Map<${value}>`;
          i++;
        }
        properties.set(property[1], { required: !property[2], type });
      }
      interfaces.set(match[1], properties);
    } else if ((match = /^export declare const (\w+): \{$/.exec(lines[i]))) {
      const values = [];
      for (i++; lines[i] !== "};"; i++) {
        const value = /readonly \w+: "(.*)";/.exec(lines[i]);
        if (value && value[1] !== UNKNOWN) values.push(value[1]);
      }
      enums.set(match[1], values);
    } else if ((match = /^export type (\w+) = \{$/.exec(lines[i]))) {
      // {\n    action: 'x';\n} & Model | {\n ... } & Model;
      const variants = new Map();
      let discriminator;
      let tag;
      for (i++; ; i++) {
        const key = /^    (\w+): '([^']+)';$/.exec(lines[i]);
        const model = /^\} & (\w+)( \| \{|;)$/.exec(lines[i]);
        if (key) [, discriminator, tag] = key;
        if (model) {
          variants.set(tag, model[1]);
          if (model[2] === ";") break;
        }
      }
      unions.set(match[1], { discriminator, variants });
    }
  }
  return { interfaces, enums, unions };
}

let declarations;
function load() {
  declarations ??= parseDeclarations(readFileSync(join(sdkDirectory, "dist", "api.d.ts"), "utf8"));
  return declarations;
}

/** The values the SDK declares for an enum, such as UiNodeGroupEnum. */
export function enumValues(name) {
  const values = load().enums.get(name);
  if (!values) throw new Error(`The SDK declares no enum ${name}`);
  return values;
}

function check(value, type, path, problems) {
  const { interfaces, enums, unions } = load();
  if (type.endsWith(" | null")) {
    if (value === null) return;
    type = type.slice(0, -" | null".length);
  }
  if (type === "any") return;
  if (value === null) return problems.push(`${path} is null, but the SDK declares ${type}`);
  const simple = { string: "string", number: "number", boolean: "boolean" }[type];
  if (simple) {
    if (typeof value !== simple) problems.push(`${path} is ${JSON.stringify(value)}, but the SDK declares ${type}`);
    return;
  }
  if (type === "object") {
    if (typeof value !== "object") problems.push(`${path} is ${JSON.stringify(value)}, but the SDK declares an object`);
    return;
  }
  let generic;
  if ((generic = /^(Array|Map)<(.+)>$/.exec(type))) {
    const isArray = generic[1] === "Array";
    if (isArray !== Array.isArray(value) || typeof value !== "object")
      return problems.push(`${path} is ${JSON.stringify(value)}, but the SDK declares ${type}`);
    for (const [key, item] of Object.entries(value)) check(item, generic[2], isArray ? `${path}[${key}]` : `${path}.${key}`, problems);
    return;
  }
  if (enums.has(type)) {
    if (!enums.get(type).includes(value))
      problems.push(`${path} is ${JSON.stringify(value)}, not one of ${type} (${enums.get(type).join(", ")})`);
    return;
  }
  if (unions.has(type)) {
    const { discriminator, variants } = unions.get(type);
    const model = variants.get(value?.[discriminator]);
    if (!model) return problems.push(`${path}.${discriminator} is ${JSON.stringify(value?.[discriminator])}, not a variant of ${type}`);
    return check(value, model, path, problems);
  }
  const properties = interfaces.get(type);
  if (!properties) throw new Error(`The SDK declares no model ${type} (at ${path})`);
  if (typeof value !== "object" || Array.isArray(value))
    return problems.push(`${path} is ${JSON.stringify(value)}, but the SDK declares the model ${type}`);
  for (const [name, property] of properties) {
    if (!(name in value)) {
      if (property.required) problems.push(`${path}.${name} is missing, and ${type} requires it`);
      continue;
    }
    check(value[name], property.type, `${path}.${name}`, problems);
  }
}

/** The ways a value breaks the SDK's model, as readable lines; empty when it fits. */
export function violations(value, model) {
  const problems = [];
  check(value, model, model, problems);
  return problems;
}

/** Fails unless the value fits the SDK's model; returns it for chaining. */
export function expectModel(value, model) {
  const problems = violations(value, model);
  if (problems.length > 0)
    throw new Error(`The answer does not fit the SDK's ${model}:\n  ${problems.join("\n  ")}\n${JSON.stringify(value, null, 2)}`);
  return value;
}
