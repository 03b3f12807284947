import type { ZodTypeAny } from "zod";

// The booking page is not hydrated (docs/decisions/0026): the browser checks
// its fields with native constraints (required, maxlength, type, min/max,
// pattern) and a small script shows the message. The messages are the schema's
// own, found by asking the field's zod schema about a value that breaks each
// constraint, so browser and server say the same words from one schema.

export type NativeConstraint = {
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
  pattern?: string;
  type?: "text" | "email" | "number" | "tel";
  /** A value that fails `pattern`, for its message. */
  patternExample?: string;
};

/** data-msg-* attributes for a control: one message per way its value can break a constraint. */
export function constraintMessages(field: ZodTypeAny, constraint: NativeConstraint): Record<string, string> {
  const messageFor = (value: unknown) => {
    const result = field.safeParse(value);
    return result.success ? undefined : result.error.issues[0]?.message;
  };
  const messages: Record<string, string | undefined> = {};
  if (constraint.required) messages["data-msg-missing"] = messageFor("") ?? messageFor(undefined);
  if (constraint.maxLength !== undefined) messages["data-msg-long"] = messageFor("x".repeat(constraint.maxLength + 1));
  if (constraint.type === "email") messages["data-msg-type"] = messageFor("name@@example");
  if (constraint.type === "number") {
    messages["data-msg-type"] = messageFor("not a number");
    if (constraint.min !== undefined) messages["data-msg-range"] = messageFor(constraint.min - 1);
    else if (constraint.max !== undefined) messages["data-msg-range"] = messageFor(constraint.max + 1);
    if (constraint.step !== undefined) messages["data-msg-step"] = messageFor((constraint.min ?? 0) + constraint.step / 2);
  }
  if (constraint.pattern !== undefined && constraint.patternExample !== undefined) messages["data-msg-pattern"] = messageFor(constraint.patternExample);
  return Object.fromEntries(Object.entries(messages).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
