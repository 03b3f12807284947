import { parseWithZod } from "~/utils/parse-with-zod";
import { activeItems, type CatalogueItem } from "~/domain/catalogue";
import { priceLabel, turnaroundLabel } from "~/domain/catalogue-labels";
import { recommend } from "~/domain/recommendations";
import { parseLinks, serviceRequestSchemas } from "~/domain/service-request";
import type { AppServices } from "../context.server";
import type { ConsultationRow } from "../db/schema.server";
import { loadCatalogue } from "./catalogue.server";
import { estimateFor, studioToday, submitServiceRequest, type EstimateSnapshot } from "./service-requests.server";

// The three steps of /manage/:token/service, without JavaScript: each step
// is a POST that validates what it asks for and carries the whole draft
// forward in hidden fields (nothing is stored until the send). The draft is
// the client's own text; every step checks it again, and the send checks all
// of it with the full schema and prices it from the catalogue. A field named
// like a price is never read.

export const STEPS = ["package", "project", "review"] as const;
export type Step = (typeof STEPS)[number];

export type Draft = {
  packageId: string;
  addonIds: string[];
  trackCount: string;
  links: string;
  wishedDeadline: string;
  notes: string;
  submissionKey: string;
};

export type StepErrors = Record<string, string[]>;

export type StepView =
  | { kind: "step"; step: Step; draft: Draft; errors: StepErrors; estimate: EstimateSnapshot | null }
  | { kind: "sent"; requestId: string }
  | { kind: "refused"; message: string };

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");
const SUBMISSION_KEY = /^[A-Za-z0-9-]{16,64}$/;

export function draftFromForm(form: FormData): Draft {
  return {
    packageId: text(form.get("packageId")).slice(0, 100),
    addonIds: form.getAll("addonIds").map(text).filter(Boolean).slice(0, 20),
    trackCount: text(form.get("trackCount")).slice(0, 20),
    links: parseLinks(form.getAll("links").map(text)).join("\n").slice(0, 25_000),
    wishedDeadline: text(form.get("wishedDeadline")).slice(0, 20),
    notes: text(form.get("notes")).slice(0, 5_000),
    submissionKey: text(form.get("submissionKey")).slice(0, 64),
  };
}

/** The draft as form data again, for the schema of a step. */
function asFormData(draft: Draft): FormData {
  const form = new FormData();
  form.set("packageId", draft.packageId);
  for (const id of draft.addonIds) form.append("addonIds", id);
  form.set("trackCount", draft.trackCount);
  form.set("links", draft.links);
  form.set("wishedDeadline", draft.wishedDeadline);
  form.set("notes", draft.notes);
  return form;
}

type Catalogue = readonly CatalogueItem[];

function checkStep(step: Step, draft: Draft, catalogue: Catalogue, services: AppServices): { errors: StepErrors; estimate: EstimateSnapshot | null } {
  const schemas = serviceRequestSchemas({ today: studioToday(services) });
  const submission = parseWithZod(asFormData(draft), { schema: schemas[step] });
  const errors: StepErrors = submission.status === "success" ? {} : Object.fromEntries(Object.entries(submission.reply().error ?? {}).filter((e): e is [string, string[]] => Boolean(e[1]?.length)));
  // The chosen items must be on offer (a retired or made-up id is refused);
  // before step 2, price for one track just to check the ids.
  const trackCount = step === "package" ? 1 : Number(draft.trackCount);
  if (!errors.packageId && !errors.addonIds && Number.isInteger(trackCount) && trackCount >= 1 && trackCount <= 200) {
    const priced = estimateFor(catalogue, { packageId: draft.packageId.trim(), addonIds: draft.addonIds, trackCount }, services.config.services);
    if (!priced.ok) errors[priced.field] = [priced.message];
    else if (step !== "package") return { errors, estimate: priced.estimate };
  }
  return { errors, estimate: null };
}

const PACKAGE_FIELDS = new Set(["packageId", "addonIds"]);

/** Handles one POST of the request form: the next step, the same step with errors, or the stored request. */
export async function requestStep(services: AppServices, consultation: ConsultationRow, form: FormData): Promise<StepView> {
  const draft = draftFromForm(form);
  if (!SUBMISSION_KEY.test(draft.submissionKey)) return { kind: "refused", message: "This form has expired. Reload the page and start your request again." };
  const intent = text(form.get("intent"));
  const catalogue = await loadCatalogue(services.db);

  switch (intent) {
    case "back-package":
      return { kind: "step", step: "package", draft, errors: {}, estimate: null };
    case "back-project":
      return { kind: "step", step: "project", draft, errors: {}, estimate: null };
    case "package": {
      const { errors } = checkStep("package", draft, catalogue, services);
      return { kind: "step", step: Object.keys(errors).length ? "package" : "project", draft, errors, estimate: null };
    }
    case "project": {
      const { errors, estimate } = checkStep("review", draft, catalogue, services);
      if (Object.keys(errors).length === 0) return { kind: "step", step: "review", draft, errors, estimate };
      // A package problem (retired meanwhile) goes back to step 1.
      const step = Object.keys(errors).some((f) => PACKAGE_FIELDS.has(f)) ? "package" : "project";
      return { kind: "step", step, draft, errors, estimate: null };
    }
    case "send": {
      const schemas = serviceRequestSchemas({ today: studioToday(services) });
      const submission = parseWithZod(asFormData(draft), { schema: schemas.review });
      if (submission.status !== "success") {
        const { errors } = checkStep("review", draft, catalogue, services);
        const step = Object.keys(errors).some((f) => PACKAGE_FIELDS.has(f)) ? "package" : "project";
        return { kind: "step", step, draft, errors, estimate: null };
      }
      const outcome = await submitServiceRequest(services, consultation, submission.value, draft.submissionKey);
      if (outcome.kind === "refused") return { kind: "refused", message: outcome.message };
      if (outcome.kind === "invalid") return { kind: "step", step: outcome.field === "trackCount" ? "project" : "package", draft, errors: { [outcome.field]: [outcome.message] }, estimate: null };
      return { kind: "sent", requestId: outcome.requestId };
    }
    default:
      return { kind: "step", step: "package", draft, errors: {}, estimate: null };
  }
}

// --- What step 1 shows ---

export type OfferedItem = { id: string; name: string; description: string; price: string; turnaround: string | null; recommended: string | null };

export function offeredCatalogue(catalogue: Catalogue, currency: string, reasons: Map<string, string>) {
  const view = (item: CatalogueItem): OfferedItem => ({
    id: item.id,
    name: item.name,
    description: item.description,
    price: priceLabel(item, currency),
    turnaround: turnaroundLabel(item),
    recommended: reasons.get(item.id) ?? null,
  });
  return { packages: activeItems(catalogue, "package").map(view), addons: activeItems(catalogue, "addon").map(view) };
}

/** Recommendations for the consultation and the draft they preselect. */
export async function firstStep(services: AppServices, consultation: ConsultationRow) {
  const catalogue = await loadCatalogue(services.db);
  const { currency, taxRateBp } = services.config.services;
  const result = recommend(
    {
      genre: consultation.genre,
      bpm: consultation.bpm,
      projectDescription: consultation.projectDescription,
      specialRequirements: consultation.specialRequirements,
    },
    catalogue,
    taxRateBp,
  );
  const top = result.recommendations[0];
  const reasons = new Map<string, string>();
  for (const r of result.recommendations) if (!reasons.has(r.packageId)) reasons.set(r.packageId, r.reason);
  for (const a of top?.addons ?? []) reasons.set(a.itemId, a.reason);
  const draft: Draft = {
    packageId: top?.packageId ?? "",
    addonIds: top?.addons.map((a) => a.itemId) ?? [],
    trackCount: result.trackCount.source === "assumed" ? "" : String(result.trackCount.value),
    links: "",
    wishedDeadline: "",
    notes: "",
    submissionKey: crypto.randomUUID(),
  };
  return {
    draft,
    offered: offeredCatalogue(catalogue, currency, reasons),
    trackCountReason: result.trackCount.reason,
    recommendations: result.recommendations.map((r) => ({
      packageId: r.packageId,
      name: r.name,
      reason: r.reason,
      addons: r.addons.map((a) => ({ name: a.name, reason: a.reason })),
      trackCount: r.trackCount,
      priceRange: r.priceRange,
      turnaroundDays: r.turnaroundDays,
    })),
    catalogue,
  };
}
