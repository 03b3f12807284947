// A service request's statuses as the studio reads them (the values are
// service_requests.status; the list mirrors SERVICE_REQUEST_STATUSES in the
// drizzle schema, which the browser bundle can't import).
export const REQUEST_STATUSES = ["submitted", "quoted", "accepted", "declined", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: "New",
  quoted: "Quoted",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};
