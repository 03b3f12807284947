import { Form, Link } from "@remix-run/react";
import { SERVICE_REQUEST_LIMITS } from "~/domain/service-request";
import { formatMoney } from "~/domain/money";
import { workingDays } from "~/domain/catalogue-labels";
import { ErrorSummary } from "~/components/error-summary";
import { ErrorList, Field } from "~/components/field";
import { EstimateTable, type EstimateData } from "./estimate-table";

// The three steps of the client's service request (manage.$token_.service.tsx).
// Each is a plain form posting back to the page with the whole draft in
// hidden fields, so it all works without JavaScript; "Back" buttons post the
// draft too, so nothing typed is lost going back and forth. The page is not
// hydrated: public/manage.js disables the buttons while a step is sent, and
// the one pressed says so where it has data-busy (docs/decisions/0052).

export type Draft = {
  packageId: string;
  addonIds: string[];
  trackCount: string;
  links: string;
  wishedDeadline: string;
  notes: string;
  submissionKey: string;
};

type Offered = { id: string; name: string; description: string; price: string; turnaround: string | null; recommended: string | null };

export type Recommendation = {
  packageId: string;
  name: string;
  reason: string;
  addons: { name: string; reason: string }[];
  trackCount: number;
  priceRange: { minMinor: number; maxMinor: number };
  turnaroundDays: number;
};

type Errors = Record<string, string[]>;

const STEP_TITLES = { package: "Choose a service", project: "Your project", review: "Check and send" } as const;
export type Step = keyof typeof STEP_TITLES;
const STEP_NUMBER: Record<Step, number> = { package: 1, project: 2, review: 3 };

export function StepHeading({ step }: { step: Step }) {
  return (
    <>
      <p className="eyebrow" id="step-indicator">{`Step ${STEP_NUMBER[step]} of 3`}</p>
      <h1 id="request-heading" aria-describedby="step-indicator">
        {STEP_TITLES[step]}
      </h1>
    </>
  );
}

/** The draft's fields this step does not show, carried forward unchanged. */
function DraftFields({ draft, except }: { draft: Draft; except: (keyof Draft)[] }) {
  const skip = new Set(except);
  return (
    <>
      <input type="hidden" name="submissionKey" value={draft.submissionKey} />
      {skip.has("packageId") ? null : <input type="hidden" name="packageId" value={draft.packageId} />}
      {skip.has("addonIds") ? null : draft.addonIds.map((id) => <input key={id} type="hidden" name="addonIds" value={id} />)}
      {skip.has("trackCount") ? null : <input type="hidden" name="trackCount" value={draft.trackCount} />}
      {skip.has("links") ? null : <input type="hidden" name="links" value={draft.links} />}
      {skip.has("wishedDeadline") ? null : <input type="hidden" name="wishedDeadline" value={draft.wishedDeadline} />}
      {skip.has("notes") ? null : <input type="hidden" name="notes" value={draft.notes} />}
    </>
  );
}

const errorTargets = { packageId: "package-choices", addonIds: "addon-choices", trackCount: "trackCount", links: "links", wishedDeadline: "wishedDeadline", notes: "notes" };

export function PackageStep({
  action,
  draft,
  errors,
  packages,
  addons,
  recommendations,
  currency,
}: {
  action: string;
  draft: Draft;
  errors: Errors;
  packages: Offered[];
  addons: Offered[];
  recommendations: Recommendation[];
  currency: string;
}) {
  const chosenAddons = new Set(draft.addonIds);
  return (
    <Form method="post" action={action} className="request-form" noValidate>
      <DraftFields draft={draft} except={["packageId", "addonIds"]} />
      <ErrorSummary errors={errors} targetIds={errorTargets} />
      {recommendations.length > 0 ? (
        <section className="recommendations" aria-labelledby="recommended-heading">
          <h2 id="recommended-heading">Recommended for your project</h2>
          <ul className="plain-list">
            {recommendations.map((r) => (
              <li key={r.packageId} className="recommendation">
                <strong>{r.name}</strong>: {r.reason}{" "}
                <span className="nowrap">
                  {r.priceRange.minMinor === r.priceRange.maxMinor
                    ? `About ${formatMoney(r.priceRange.minMinor, currency)}`
                    : `${formatMoney(r.priceRange.minMinor, currency)} – ${formatMoney(r.priceRange.maxMinor, currency)}`}{" "}
                  incl. tax, about {workingDays(r.turnaroundDays)}.
                </span>
                {r.addons.length > 0 ? (
                  <ul>
                    {r.addons.map((a) => (
                      <li key={a.name}>
                        With {a.name}: {a.reason}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="hint">The first one is already selected below; change anything you like.</p>
        </section>
      ) : null}

      <fieldset id="package-choices" className="choices" aria-describedby="packageId-errors" tabIndex={-1}>
        <legend>Package</legend>
        {packages.map((p) => (
          <div className="choice choice--card" key={p.id}>
            <input type="radio" id={`package-${p.id}`} name="packageId" value={p.id} defaultChecked={draft.packageId === p.id} />
            <label htmlFor={`package-${p.id}`}>
              <span>
                <strong>{p.name}</strong> <span className="nowrap">{p.price}</span>
                {p.turnaround ? <span className="admin-muted"> · {p.turnaround}</span> : null}
              </span>
              <span className="hint">{p.description}</span>
              {p.recommended ? <span className="recommended-tag">Recommended: {p.recommended}</span> : null}
            </label>
          </div>
        ))}
        <ErrorList id="packageId-errors" errors={errors.packageId} />
      </fieldset>

      <fieldset id="addon-choices" className="choices" aria-describedby="addonIds-errors" tabIndex={-1}>
        <legend>
          Add-ons <span className="optional">(optional)</span>
        </legend>
        {addons.map((a) => (
          <div className="choice choice--card" key={a.id}>
            <input type="checkbox" id={`addon-${a.id}`} name="addonIds" value={a.id} defaultChecked={chosenAddons.has(a.id)} />
            <label htmlFor={`addon-${a.id}`}>
              <span>
                <strong>{a.name}</strong> <span className="nowrap">{a.price}</span>
                {a.turnaround ? <span className="admin-muted"> · {a.turnaround}</span> : null}
              </span>
              <span className="hint">{a.description}</span>
              {a.recommended ? <span className="recommended-tag">Recommended: {a.recommended}</span> : null}
            </label>
          </div>
        ))}
        <ErrorList id="addonIds-errors" errors={errors.addonIds} />
      </fieldset>
      <div className="manage-actions">
        <button type="submit" name="intent" value="package" className="button button--primary">
          Continue to your project
        </button>
      </div>
    </Form>
  );
}

export function ProjectStep({ action, draft, errors, today, trackCountReason }: { action: string; draft: Draft; errors: Errors; today: string; trackCountReason: string }) {
  return (
    <Form method="post" action={action} className="request-form" noValidate>
      <DraftFields draft={draft} except={["trackCount", "links", "wishedDeadline", "notes"]} />
      <ErrorSummary errors={errors} targetIds={errorTargets} />
      <Field label="Number of tracks" htmlFor="trackCount" hint={trackCountReason} hintId="trackCount-hint" errorId="trackCount-errors" errors={errors.trackCount}>
        <input
          id="trackCount"
          name="trackCount"
          type="number"
          inputMode="numeric"
          min={1}
          max={200}
          defaultValue={draft.trackCount}
          aria-describedby="trackCount-hint trackCount-errors"
          aria-invalid={errors.trackCount ? true : undefined}
        />
      </Field>
      <Field
        label="Download links for your files"
        htmlFor="links"
        hint={`One link per line (http:// or https://), up to ${SERVICE_REQUEST_LIMITS.linksMax}: Dropbox, Google Drive, WeTransfer… The studio never takes uploads here.`}
        hintId="links-hint"
        errorId="links-errors"
        errors={errors.links}
      >
        <textarea id="links" name="links" rows={4} defaultValue={draft.links} aria-describedby="links-hint links-errors" aria-invalid={errors.links ? true : undefined} />
      </Field>
      <Field label="Wished deadline" optional htmlFor="wishedDeadline" hint="When you'd like it finished, if there is a date." hintId="deadline-hint" errorId="wishedDeadline-errors" errors={errors.wishedDeadline}>
        <input
          id="wishedDeadline"
          name="wishedDeadline"
          type="date"
          min={today}
          defaultValue={draft.wishedDeadline}
          aria-describedby="deadline-hint wishedDeadline-errors"
          aria-invalid={errors.wishedDeadline ? true : undefined}
        />
      </Field>
      <Field label="Notes" optional htmlFor="notes" hint={`References, versions, anything the studio should know. Up to ${SERVICE_REQUEST_LIMITS.notes} characters.`} hintId="notes-hint" errorId="notes-errors" errors={errors.notes}>
        <textarea id="notes" name="notes" rows={4} defaultValue={draft.notes} aria-describedby="notes-hint notes-errors" aria-invalid={errors.notes ? true : undefined} />
      </Field>
      <div className="manage-actions">
        <button type="submit" name="intent" value="project" className="button button--primary">
          Review your request
        </button>
        <button type="submit" name="intent" value="back-package" className="button button--link" formNoValidate>
          Back to step 1
        </button>
      </div>
    </Form>
  );
}

export function ReviewStep({
  action,
  draft,
  estimate,
}: {
  action: string;
  draft: Draft;
  estimate: EstimateData;
}) {
  const links = draft.links.split("\n").filter(Boolean);
  return (
    <Form method="post" action={action} className="request-form">
      <DraftFields draft={draft} except={[]} />
      <EstimateTable estimate={estimate} caption="Your estimate" />
      <dl className="summary">
        <dt>Tracks</dt>
        <dd>{draft.trackCount}</dd>
        <dt>Files</dt>
        <dd>
          <ul className="plain-list">
            {links.map((l) => (
              <li key={l} className="break-all">
                {l}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Wished deadline</dt>
        <dd>{draft.wishedDeadline || "None given"}</dd>
        <dt>Notes</dt>
        <dd className="prewrap">{draft.notes || "None"}</dd>
      </dl>
      <p>This is an estimate, not a bill: the studio reviews your request and sends you a quote to accept. No payment is taken here.</p>
      <div className="manage-actions">
        <button type="submit" name="intent" value="send" className="button button--primary" data-busy="Sending…">
          Send my request
        </button>
        <button type="submit" name="intent" value="back-project" className="button button--link">
          Back to step 2
        </button>
        <button type="submit" name="intent" value="back-package" className="button button--link">
          Back to step 1
        </button>
      </div>
    </Form>
  );
}

export function ConsultationSummary({ summary }: { summary: { projectName: string; genre: string; bpm: number | null; description: string; reference: string } }) {
  return (
    <details className="consultation-summary">
      <summary>
        Your consultation {summary.reference}: <strong>{summary.projectName}</strong>
      </summary>
      <dl className="summary">
        <dt>Genre</dt>
        <dd>{summary.genre}</dd>
        {summary.bpm !== null ? (
          <>
            <dt>BPM</dt>
            <dd>{summary.bpm}</dd>
          </>
        ) : null}
        <dt>What you told us</dt>
        <dd className="prewrap">{summary.description}</dd>
      </dl>
    </details>
  );
}

export function BackToBooking({ to }: { to: string }) {
  return (
    <p>
      <Link to={to}>Back to your consultation</Link>
    </p>
  );
}
