import { z } from "zod";

// The client's feedback after a consultation: a rating from a radio group
// (conform turns "4" into 4) and an optional comment.

export const FEEDBACK_LIMITS = { ratingMin: 1, ratingMax: 5, comment: 1000 } as const;
const RATING_MESSAGE = "Choose a rating from 1 to 5";

export const feedbackSchema = z.object({
  rating: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z
      .number({ required_error: RATING_MESSAGE, invalid_type_error: RATING_MESSAGE })
      .int(RATING_MESSAGE)
      .min(FEEDBACK_LIMITS.ratingMin, RATING_MESSAGE)
      .max(FEEDBACK_LIMITS.ratingMax, RATING_MESSAGE),
  ),
  comment: z
    .string()
    .trim()
    .max(FEEDBACK_LIMITS.comment, `Keep your comment to ${FEEDBACK_LIMITS.comment} characters or fewer`)
    .optional()
    .transform((comment) => (comment ? comment : null)),
});

export type FeedbackInput = z.infer<typeof feedbackSchema>;
