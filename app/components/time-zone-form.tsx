import { Form, useSubmit } from "@remix-run/react";
import { useCarriedParams } from "./carried-params";
import { useEffect, useState } from "react";

// "Show times in": a GET form, so it works without JavaScript (the button);
// with JavaScript a change of the select reloads the times straight away.
// Shared by the booking page and the client's manage page.
const COPY = { label: "Show times in", submit: "Show times" };

export function TimeZoneForm({ timeZone, from, options }: { timeZone: string; from: string; options: { value: string; label: string }[] }) {
  const submit = useSubmit();
  // An explicit ?locale= and the embed dialog's parameters stay with the client when the zone changes.
  const carried = useCarriedParams();
  // Controlled, not re-keyed by zone: remounting the select on each change threw
  // keyboard focus out of it, so arrowing through the zones stopped after one step.
  const [selected, setSelected] = useState(timeZone);
  useEffect(() => setSelected(timeZone), [timeZone]);
  return (
    <Form method="get" className="tz-form panel" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
      <input type="hidden" name="from" value={from} />
      {carried.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="tz">{COPY.label}</label>
      <select id="tz" name="tz" value={selected} onChange={(e) => setSelected(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        {COPY.submit}
      </button>
    </Form>
  );
}
