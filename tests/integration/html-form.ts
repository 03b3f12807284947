// Reads a form out of a page's HTML the way a browser without JavaScript
// submits it: text, hidden and other inputs by their value, checkboxes and
// radios only when checked, textareas by their text, selects by the selected
// option; plus the clicked submit button's name and value. Tests then change
// only what a person would type or tick, instead of rebuilding every field.

export type FormFields = [string, string][];

const decode = (text: string) =>
  text
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const attr = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]) : null;
};
const hasAttr = (tag: string, name: string) => new RegExp(`\\s${name}(=""|\\s|>|/)`).test(tag);

export type ParsedForm = { action: string | null; html: string };

/** Every <form> of the page with its action and inner HTML. */
export function formsOf(html: string): ParsedForm[] {
  return [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({ action: attr(m[1], "action"), html: m[2] }));
}

/** The first form holding a submit button with this text (or name=value). */
export function formWith(html: string, button: string | { name: string; value: string }): ParsedForm {
  const found = formsOf(html).find((form) =>
    typeof button === "string"
      ? [...form.html.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].some((b) => decode(b[1].replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "")).includes(button))
      : form.html.includes(`name="${button.name}"`) && form.html.includes(`value="${button.value}"`),
  );
  if (!found) throw new Error(`No form with the button ${JSON.stringify(button)} on the page`);
  return found;
}

/** What the form sends as it stands, plus the clicked button's name=value (if any). */
export function fieldsOf(form: ParsedForm, clicked?: { name: string; value: string }): FormFields {
  const fields: FormFields = [];
  const tags = /<input\b([^>]*)>|<(textarea|select)\b([^>]*)>([\s\S]*?)<\/(?:textarea|select)>/g;
  for (const match of form.html.matchAll(tags)) {
    const kind = match[2] ?? "input";
    const attrs = match[1] ?? match[3];
    const rest = match[4] ?? "";
    const tag = `<${kind}${attrs}>`;
    const name = attr(tag, "name");
    if (!name || hasAttr(tag, "disabled")) continue;
    if (kind === "textarea") {
      fields.push([name, decode(rest).replace(/^\n/, "")]);
    } else if (kind === "select") {
      const option = [...rest.matchAll(/<option([^>]*)>([\s\S]*?)<\/option>/g)].find((o) => hasAttr(`<option${o[1]}>`, "selected"));
      if (option) fields.push([name, attr(`<option${option[1]}>`, "value") ?? decode(option[2])]);
    } else {
      const type = attr(tag, "type") ?? "text";
      if (type === "submit" || type === "button" || type === "reset") continue;
      if ((type === "checkbox" || type === "radio") && !hasAttr(tag, "checked")) continue;
      fields.push([name, attr(tag, "value") ?? (type === "checkbox" || type === "radio" ? "on" : "")]);
    }
  }
  if (clicked) fields.push([clicked.name, clicked.value]);
  return fields;
}

/** Sets a field (replacing every value it had) or, with an array, its several values. */
export function withField(fields: FormFields, name: string, value: string | string[]): FormFields {
  const values = Array.isArray(value) ? value : [value];
  return [...fields.filter(([n]) => n !== name), ...values.map((v) => [name, v] as [string, string])];
}
