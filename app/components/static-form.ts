import type { FieldMetadata, FormMetadata, SubmissionResult } from "@conform-to/react";

// A form on a page that is not hydrated (docs/decisions/0026, 0054): the same
// attributes conform's useForm and get*Props render (ids, names, constraints,
// what was typed, errors), worked out once per render from the schema's
// constraints and the last submission. conform's field metadata answers every
// property read through a new proxy (about twenty per field), which was a
// quarter of /book's render; without hydration nothing reads them again.
// The ids follow conform's ("booking-projectName", "...-error",
// "...-description"), so the markup is the same as with useForm.

type Constraint = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  multiple?: boolean;
  pattern?: string;
  accept?: string;
};

export type StaticField = Constraint & {
  id: string;
  name: string;
  formId: string;
  errorId: string;
  descriptionId: string;
  errors: string[] | undefined;
  valid: boolean;
  initialValue: string | undefined;
};

export type StaticFormMetadata = { id: string; errorId: string; errors: string[] | undefined; valid: boolean; noValidate: true };

function errorsIn(result: SubmissionResult<string[]> | undefined, name: string): string[] | undefined {
  const errors = result?.error?.[name];
  return Array.isArray(errors) && errors.length > 0 ? errors : undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function staticForm<Name extends string>({
  id,
  names,
  constraint,
  defaultValue,
  lastResult,
}: {
  id: string;
  names: readonly Name[];
  constraint: Record<string, Constraint>;
  defaultValue?: Partial<Record<Name, unknown>>;
  /** The action's reply (`submission.reply()`); what was typed comes back in it. */
  lastResult?: SubmissionResult<string[]>;
}): { form: StaticFormMetadata; fields: Record<Name, StaticField> } {
  const values = (lastResult?.initialValue ?? defaultValue ?? {}) as Record<string, unknown>;
  const fields = {} as Record<Name, StaticField>;
  for (const name of names) {
    const fieldId = `${id}-${name}`;
    const errors = errorsIn(lastResult, name);
    fields[name] = {
      ...constraint[name],
      id: fieldId,
      name,
      formId: id,
      errorId: `${fieldId}-error`,
      descriptionId: `${fieldId}-description`,
      errors,
      valid: errors === undefined,
      initialValue: asText(values[name]),
    };
  }
  const formErrors = errorsIn(lastResult, "");
  return { form: { id, errorId: `${id}-error`, errors: formErrors, valid: formErrors === undefined, noValidate: true }, fields };
}

/** conform's get*Props only read plain properties, each of which a StaticField has. */
export const asFieldMetadata = (field: StaticField) => field as unknown as FieldMetadata<string>;
export const asFormMetadata = (form: StaticFormMetadata) => form as unknown as FormMetadata<Record<string, unknown>>;
