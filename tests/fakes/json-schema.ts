/**
 * A validator for the JSON-schema subset the SendGrid OpenAPI spec uses, so
 * the fake rejects exactly what the spec forbids without pulling in a library.
 * Supported: $ref (local), type (incl. integer), nullable, required,
 * properties, additionalProperties (schema or false), items, enum,
 * minItems/maxItems, uniqueItems, minLength/maxLength, maxProperties,
 * format "email" (loosely). Unknown keywords are ignored, as the spec intends.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  maxProperties?: number;
  format?: string;
};

export type SchemaViolation = { field: string; message: string };

const LOOSE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateAgainstSchema(value: unknown, schema: Schema, root: unknown): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  check(value, schema, "", root, violations);
  return violations;
}

function resolveRef(ref: string, root: unknown): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local $ref supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  if (!node || typeof node !== "object") throw new Error(`unresolvable $ref: ${ref}`);
  return node as Schema;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(value: unknown, expected: string): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === "number" && actual === "integer");
}

function check(value: unknown, schema: Schema, path: string, root: unknown, out: SchemaViolation[]): void {
  // OpenAPI 3.1 allows siblings next to $ref: validate both.
  if (schema.$ref) check(value, resolveRef(schema.$ref, root), path, root, out);
  const field = path || "(root)";

  if (value === null && schema.nullable) return;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(value, t))) {
      out.push({ field, message: `Invalid type. Expected: ${types.join(" or ")}, given: ${typeOf(value)}` });
      return;
    }
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    out.push({ field, message: `Must be one of: ${schema.enum.map(String).join(", ")}` });
  }

  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      out.push({ field, message: `String length must be greater than or equal to ${schema.minLength}` });
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      out.push({ field, message: `String length must be less than or equal to ${schema.maxLength}` });
    }
    if (schema.format === "email" && !LOOSE_EMAIL.test(value)) {
      out.push({ field, message: "Does not contain a valid address." });
    }
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({ field, message: `Array must have at least ${schema.minItems} items` });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      out.push({ field, message: `Array must have at most ${schema.maxItems} items` });
    }
    if (schema.uniqueItems) {
      const seen = new Set(value.map((v) => JSON.stringify(v)));
      if (seen.size !== value.length) out.push({ field, message: "Array items must be unique" });
    }
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, i) => check(item, items, `${path}[${i}]`, root, out));
    }
  }

  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (const name of schema.required ?? []) {
      if (!(name in object)) out.push({ field: join(path, name), message: "This field is required." });
    }
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      out.push({ field, message: `Object must have at most ${schema.maxProperties} properties` });
    }
    for (const key of keys) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema) {
        check(object[key], propertySchema, join(path, key), root, out);
      } else if (schema.additionalProperties === false) {
        out.push({ field: join(path, key), message: "Additional property is not allowed." });
      } else if (typeof schema.additionalProperties === "object") {
        check(object[key], schema.additionalProperties, join(path, key), root, out);
      }
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
