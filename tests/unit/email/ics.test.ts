import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, paramValue } from "../../../app/server/email/ics-format";
import { buildIcs, icsAttachment, icsUidFor, type IcsInput } from "../../../app/server/email/ics.server";

const base: IcsInput = {
  method: "REQUEST",
  uid: icsUidFor("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d", "bookings.example.com"),
  sequence: 2,
  startsAt: Date.UTC(2026, 11, 1, 15, 0),
  endsAt: Date.UTC(2026, 11, 1, 15, 15),
  summary: "Consultation: Midnight Drive EP",
  description: "Mixing help",
  organizer: { name: "Night Owl Studio", email: "studio@example.com" },
  attendee: { name: "Alex Example", email: "alex@example.com" },
  now: Date.UTC(2026, 10, 20, 9, 30, 5),
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

function octets(line: string): number {
  return new TextEncoder().encode(line).length;
}

describe("buildIcs", () => {
  it("produces a REQUEST that ical.js reads back with UTC times, UID, SEQUENCE and STATUS", () => {
    const ics = buildIcs(base);
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(calendar.getFirstPropertyValue("prodid")).toBeTruthy();
    expect(event.uid).toBe("consultation-3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d@bookings.example.com");
    expect(event.sequence).toBe(2);
    expect(event.startDate.toJSDate().getTime()).toBe(base.startsAt);
    expect(event.endDate.toJSDate().getTime()).toBe(base.endsAt);
    expect(event.startDate.zone?.tzid).toBe("UTC");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(ics).toContain("\r\nDTSTART:20261201T150000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261201T151500Z\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261120T093005Z\r\n");
    expect(ics).not.toContain("TZID");
  });

  it("marks a CANCEL as STATUS:CANCELLED with the same UID", () => {
    const ics = buildIcs({ ...base, method: "CANCEL", sequence: 3 });
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.uid).toBe(base.uid);
    expect(event.sequence).toBe(3);
  });

  it("writes organizer and attendee with the RFC 5545 parameters", () => {
    const { vevent } = parse(buildIcs(base));
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe("mailto:studio@example.com");
    expect(organizer.getParameter("cn")).toBe("Night Owl Studio");
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(attendee.getFirstValue()).toBe("mailto:alex@example.com");
    expect(attendee.getParameter("cn")).toBe("Alex Example");
    expect(attendee.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendee.getParameter("partstat")).toBe("NEEDS-ACTION");
    expect(attendee.getParameter("rsvp")).toBe("TRUE");
  });

  it("quotes CN values with special characters and strips DQUOTE and line breaks", () => {
    const ics = buildIcs({ ...base, attendee: { name: 'Doe, "Jay"; Ltd: A\r\nX', email: "jay@example.com" } });
    const { vevent } = parse(ics);
    expect(vevent.getFirstProperty("attendee")!.getParameter("cn")).toBe("Doe, Jay; Ltd: A  X");
    expect(ics).toContain('ATTENDEE;CN="Doe, Jay; Ltd: A  X";ROLE=');
    expect(paramValue("Plain Name")).toBe("Plain Name");
  });

  it("escapes backslash, semicolon, comma and newlines in TEXT and round-trips them", () => {
    const nasty = "Mix, master; stems\\drums\nLine two\r\nLine three";
    const ics = buildIcs({ ...base, summary: nasty, description: nasty, location: "Studio A; Floor 2, London" });
    const { event } = parse(ics);
    expect(event.summary).toBe("Mix, master; stems\\drums\nLine two\nLine three");
    expect(event.description).toBe("Mix, master; stems\\drums\nLine two\nLine three");
    expect(event.location).toBe("Studio A; Floor 2, London");
    expect(escapeText("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
  });

  it("folds long multi-byte lines at 75 octets without splitting characters", () => {
    const text = "Café ☕ 東京 🎛️ ".repeat(40);
    const ics = buildIcs({ ...base, description: text, summary: text });
    const lines = ics.split("\r\n");
    expect(lines.at(-1)).toBe("");
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
      // A lone surrogate would mean a code point was cut in half.
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(line)).toBe(false);
    }
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    const { event } = parse(ics);
    expect(event.description).toBe(text);
    expect(event.summary).toBe(text);
  });

  it("folds to exactly 75 octets where ASCII allows and keeps continuation lines at 75 including the space", () => {
    const folded = foldLine(`DESCRIPTION:${"x".repeat(200)}`);
    const parts = folded.split("\r\n");
    expect(parts.map(octets)).toEqual([75, 75, 64]) // 212 = 75 + 74 + 63 content octets;
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(foldLine("SHORT:line")).toBe("SHORT:line");
  });

  it("uses CRLF for every line break and ends with CRLF", () => {
    const ics = buildIcs({ ...base, description: "a\nb".repeat(50), url: "https://example.com/manage/abc" });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(/\r(?!\n)/.test(ics)).toBe(false);
    expect(/(?<!\r)\n/.test(ics)).toBe(false);
    expect(parse(ics).vevent.getFirstPropertyValue("url")).toBe("https://example.com/manage/abc");
  });

  it("gives attachments the invite content type matching METHOD", () => {
    expect(icsAttachment("X", "CANCEL")).toEqual({ filename: "invite.ics", content: "X", contentType: "text/calendar; method=CANCEL" });
  });
});
