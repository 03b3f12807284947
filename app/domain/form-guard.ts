// The booking form's hidden field with its signed start time (see
// app/server/booking-form-guard.server.ts). Here, not in the .server module,
// because the page renders it in the browser too.
export const FORM_STARTED_FIELD = "formStartedAt";
