import { useCarriedParams } from "./carried-params";
import type { FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { DayAvailability, Slot, UnavailableReason } from "~/domain/slots";
import { formatInZone, zonedDate } from "~/domain/time-zones";
import { instantLabel } from "./calendar-labels";
import { ErrorList } from "./field";

// Every word of the picker, in one place (ready for translation; English for
// now). The times and dates themselves come in the client's locale.
const COPY = {
  legend: "Choose a time",
  timesIn: "Times in ",
  length: ". Each consultation lasts 15 minutes.",
  alternatives: "Nearest free times",
  noneHere: "No free times in these dates.",
  nextIs: "The next available time is",
  noneAtAll: "There are no free times within the booking window right now.",
  noFreeTimes: "No free times",
  earlier: "← Earlier dates",
  later: "Later dates →",
  datesNav: "Dates",
  currentTag: "your current time",
  studioTime: (label: string) => ` (${label} studio time)`,
  reasons: {
    weekend: "No consultations on this day",
    closed: "The studio is closed",
    past: "This day has passed",
    too_soon: "Too soon to book: we need a little notice",
    beyond_horizon: "Not open for booking yet",
    fully_booked: "Fully booked",
    studio_busy: "The studio is busy",
  } satisfies Record<UnavailableReason, string>,
};

type Availability = {
  days: DayAvailability[];
  nextAvailable: Slot | null;
  timeZone: string;
  studioTimeZone: string;
  previousFrom: string | null;
  nextFrom: string;
  /** The locale the labels are in (slots, day headings: see listAvailability), and its direction. */
  locale?: string;
  dir?: "ltr" | "rtl";
};

// All slots are radios of one group, so the picker works with the keyboard
// (Tab into the group, arrows to move) and with JavaScript off.
export function SlotPicker({
  field,
  availability,
  alternatives,
  current,
  currentLabel,
  messages,
}: {
  field: FieldMetadata<string>;
  availability: Availability;
  alternatives: Slot[];
  /** When rescheduling: the consultation's own time, shown in its day as the current one (not a choice). */
  current?: string;
  /** The current time as the slots read it (the client's locale); "HH:mm" when not given. */
  currentLabel?: string;
  /** data-msg-* attributes for the page's script (constraint-messages.ts): what to say when no time is chosen. */
  messages?: Record<string, string>;
}) {
  const { days, nextAvailable, timeZone } = availability;
  const hasSlots = days.some((d) => d.slots.length > 0);
  const selected = field.initialValue;
  // An explicit ?locale= and the embed dialog's parameters stay with the client from week to week.
  const carried = useCarriedParams();
  const weekLink = (from: string) => `?${new URLSearchParams([["tz", timeZone], ["from", from], ...carried])}`;
  const currentDate = current ? zonedDate(Date.parse(current), timeZone) : null;
  const isCurrentDay = (date: string) => date === currentDate;
  // Times and dates are in the client's locale (possibly right to left); the wording around them is English.
  const localized = { lang: availability.locale, dir: availability.dir };

  return (
    <fieldset id="slot-picker" className="panel slot-picker" aria-describedby={field.errorId} aria-invalid={field.errors ? true : undefined} {...messages}>
      <legend>{COPY.legend}</legend>
      <p className="hint">
        {COPY.timesIn}
        <strong>{timeZone}</strong>
        {COPY.length}
      </p>
      <ErrorList id={field.errorId} errors={field.errors} />

      {alternatives.length > 0 ? (
        <div className="alternatives" role="group" aria-labelledby="alternatives-heading">
          <h2 id="alternatives-heading">{COPY.alternatives}</h2>
          <div className="slots" {...localized}>
            {alternatives.map((slot) => (
              <SlotRadio key={slot.startsAt} name={field.name} slot={slot} timeZone={timeZone} withDay idPrefix="alt" />
            ))}
          </div>
        </div>
      ) : null}

      {!hasSlots ? (
        <p className="notice">
          {COPY.noneHere}{" "}
          {nextAvailable ? (
            <>
              {COPY.nextIs}{" "}
              <Link to={weekLink(zonedDate(Date.parse(nextAvailable.startsAt), timeZone))} {...localized}>
                {nextAvailable.when ?? instantLabel(nextAvailable.startsAt, timeZone)}
              </Link>
              .
            </>
          ) : (
            COPY.noneAtAll
          )}
        </p>
      ) : null}

      <div className="days">
        {days.map((day) => (
          <div key={day.date} className="day" role="group" aria-labelledby={`day-${day.date}`}>
            <h2 id={`day-${day.date}`} {...localized}>
              {day.label}
            </h2>
            {day.slots.length > 0 || isCurrentDay(day.date) ? (
              <div className="slots" {...localized}>
                {withCurrent(day.slots, isCurrentDay(day.date) ? current : undefined).map((slot) =>
                  slot === "current" ? (
                    <CurrentSlot key="current" label={currentLabel ?? formatInZone(Date.parse(current!), timeZone, "HH:mm")} />
                  ) : (
                    <SlotRadio key={slot.startsAt} name={field.name} slot={slot} timeZone={timeZone} defaultChecked={slot.startsAt === selected} />
                  ),
                )}
              </div>
            ) : null}
            {day.slots.length === 0 ? <p className="day-reason">{day.reason ? COPY.reasons[day.reason] : COPY.noFreeTimes}</p> : null}
          </div>
        ))}
      </div>

      <nav className="week-nav" aria-label={COPY.datesNav}>
        {availability.previousFrom ? (
          <Link to={weekLink(availability.previousFrom)} preventScrollReset>
            {COPY.earlier}
          </Link>
        ) : (
          <span />
        )}
        <Link to={weekLink(availability.nextFrom)} preventScrollReset>
          {COPY.later}
        </Link>
      </nav>
    </fieldset>
  );
}

// The day's free slots with the consultation's current time in its place.
function withCurrent(slots: Slot[], current: string | undefined): (Slot | "current")[] {
  if (!current) return slots;
  const at = Date.parse(current);
  // The studio's own rules may list the current time as free: show it once, as current.
  const others = slots.filter((slot) => Date.parse(slot.startsAt) !== at);
  const before = others.filter((slot) => Date.parse(slot.startsAt) < at);
  return [...before, "current", ...others.slice(before.length)];
}

// The time the consultation has now: visible in its place among the choices,
// marked as current, and not a radio (moving to it would change nothing).
function CurrentSlot({ label }: { label: string }) {
  return (
    <div className="slot slot--current">
      <span className="slot-current">
        {label} <span className="slot-current__tag">{COPY.currentTag}</span>
      </span>
    </div>
  );
}

function SlotRadio({
  name,
  slot,
  timeZone,
  defaultChecked,
  withDay,
  idPrefix = "slot",
}: {
  name: string;
  slot: Slot;
  timeZone: string;
  defaultChecked?: boolean;
  withDay?: boolean;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${slot.startsAt}`;
  // No wrapper: a week has up to 180 of these, and the page's size is most of them.
  return (
    <>
      <input type="radio" id={id} name={name} value={slot.startsAt} defaultChecked={defaultChecked} />
      <label htmlFor={id}>
        {withDay ? (slot.when ?? instantLabel(slot.startsAt, timeZone)) : slot.label}
        {slot.studioLabel !== slot.label ? <span className="visually-hidden">{COPY.studioTime(slot.studioLabel)}</span> : null}
      </label>
    </>
  );
}
