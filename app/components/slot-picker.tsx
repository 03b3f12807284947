import { useCarriedParams } from "./carried-params";
import type { FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { DayAvailability, Slot, UnavailableReason } from "~/domain/slots";
import { formatInZone, utcOffsetMs, zonedDate } from "~/domain/time-zones";
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
  studioClock: (difference: string, ahead: boolean) => `, the studio's clock is ${difference} ${ahead ? "ahead of" : "behind"} yours`,
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
  // conform's field metadata is a proxy whose every read does work: read the name once, not per slot.
  const name = field.name;
  // A radio's value is a short ISO instant (slotValue); what came back from a post is compared as an instant.
  const selectedAt = typeof selected === "string" && selected !== "" ? Date.parse(selected) : null;
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
              <SlotRadio key={slot.startsAt} name={name} slot={slot} timeZone={timeZone} withDay />
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
        {days.map((day) => {
          const clocks = studioClockDifference(day.slots, timeZone, availability.studioTimeZone);
          return (
            <div key={day.date} className="day" role="group" aria-labelledby={`day-${day.date}`}>
              <h2 id={`day-${day.date}`} {...localized}>
                {day.label}
                {studioClockNote(clocks)}
              </h2>
              {day.slots.length > 0 || isCurrentDay(day.date) ? (
                <div className="slots" {...localized}>
                  {withCurrent(day.slots, isCurrentDay(day.date) ? current : undefined).map((slot) =>
                    slot === "current" ? (
                      <CurrentSlot key="current" label={currentLabel ?? formatInZone(Date.parse(current!), timeZone, "HH:mm")} />
                    ) : (
                      <SlotRadio
                        key={slot.startsAt}
                        name={name}
                        slot={slot}
                        timeZone={timeZone}
                        defaultChecked={selectedAt !== null && Date.parse(slot.startsAt) === selectedAt}
                        studioTimeInLabel={clocks === undefined}
                      />
                    ),
                  )}
                </div>
              ) : null}
              {day.slots.length === 0 ? <p className="day-reason">{day.reason ? COPY.reasons[day.reason] : COPY.noFreeTimes}</p> : null}
            </div>
          );
        })}
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

/**
 * The difference between the studio's clock and the client's over a day's
 * slots, when it is the same for all of them ("5 hours 30 minutes", ahead or
 * not); null when the clocks agree; undefined when it changes during the day
 * (a clock change in either zone), and each slot then says its studio time.
 */
function studioClockDifference(slots: Slot[], timeZone: string, studioTimeZone: string): { minutes: number } | null | undefined {
  if (slots.length === 0) return null;
  const minutesAt = (slot: Slot) => {
    const at = Date.parse(slot.startsAt);
    return Math.round((utcOffsetMs(at, studioTimeZone) - utcOffsetMs(at, timeZone)) / 60_000);
  };
  const first = minutesAt(slots[0]);
  if (!slots.every((slot) => minutesAt(slot) === first)) return undefined;
  return first === 0 ? null : { minutes: first };
}

function hoursAndMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const h = hours > 0 ? `${hours} ${hours === 1 ? "hour" : "hours"}` : "";
  const m = minutes > 0 ? `${minutes} ${minutes === 1 ? "minute" : "minutes"}` : "";
  return [h, m].filter(Boolean).join(" ");
}

// Screen readers hear the studio's time once per day, in the day's name,
// rather than after each of up to 36 times (a week of them was most of the page).
function studioClockNote(difference: { minutes: number } | null | undefined) {
  if (!difference) return null;
  return (
    <span className="visually-hidden" lang="en" dir="ltr">
      {COPY.studioClock(hoursAndMinutes(Math.abs(difference.minutes)), difference.minutes > 0)}
    </span>
  );
}

/** "2026-12-07T10:00Z": the slot's instant as a radio's value, without the seconds every slot has as zero. */
function slotValue(startsAt: string): string {
  return startsAt.replace(/:00\.000Z$/, "Z");
}

// The radio inside its label: no ids to tie them (a week has up to 180 slots,
// and their markup is most of the page). The studio's time is said per day
// (studioClockNote), or here when the clocks change that day.
function SlotRadio({
  name,
  slot,
  timeZone,
  defaultChecked,
  withDay,
  studioTimeInLabel = true,
}: {
  name: string;
  slot: Slot;
  timeZone: string;
  defaultChecked?: boolean;
  withDay?: boolean;
  studioTimeInLabel?: boolean;
}) {
  return (
    <label>
      <input type="radio" name={name} value={slotValue(slot.startsAt)} defaultChecked={defaultChecked} />
      {withDay ? (slot.when ?? instantLabel(slot.startsAt, timeZone)) : slot.label}
      {studioTimeInLabel && slot.studioLabel !== slot.label ? <span>{COPY.studioTime(slot.studioLabel)}</span> : null}
    </label>
  );
}
