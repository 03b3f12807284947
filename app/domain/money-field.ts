import { z } from "zod";
import { basisPointsFromPercentText, parseMoneyInput } from "./money";

// Form fields holding money or a percentage as typed text. Conform turns an
// empty field into undefined, so "missing" gets the field's own message.

/** Text like "1,234.50" -> integer minor units, with parseMoneyInput's messages. */
export function moneyTextField(currency: string, missingMessage: string) {
  return z
    .string({ required_error: missingMessage, invalid_type_error: missingMessage })
    .transform((text, ctx) => {
      if (text.trim() === "") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: missingMessage });
        return z.NEVER;
      }
      const parsed = parseMoneyInput(text, currency);
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
        return z.NEVER;
      }
      return parsed.minor;
    });
}

/** Text like "17.5" -> 1750 basis points. */
export function percentTextField(missingMessage: string) {
  return z
    .string({ required_error: missingMessage, invalid_type_error: missingMessage })
    .transform((text, ctx) => {
      if (text.trim() === "") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: missingMessage });
        return z.NEVER;
      }
      const parsed = basisPointsFromPercentText(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
        return z.NEVER;
      }
      return parsed.basisPoints;
    });
}

/** A checkbox: "on" from a form (or conform's true) is ticked, anything else is not. */
export const checkboxField = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());

/** A whole number typed into a field; conform already coerces, plain objects may carry text. */
export function wholeNumberField(message: string, min: number, max: number, rangeMessage: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
    z
      .number({ required_error: message, invalid_type_error: message })
      .int(message)
      .min(min, rangeMessage)
      .max(max, rangeMessage),
  );
}
