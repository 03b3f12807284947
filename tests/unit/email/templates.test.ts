import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, renderEmail, sampleConsultation, type EmailTemplateData } from "../../../app/server/email/templates.server";
import { escapeHtml } from "../../../app/server/email/escape-html";

function data(overrides: Partial<EmailTemplateData["consultation"]> = {}): EmailTemplateData {
  return {
    consultation: { ...sampleConsultation(), ...overrides },
    studioName: "Night Owl Studio",
    manageUrl: "https://bookings.example.com/manage/tok123",
    unsubscribeUrl: "https://bookings.example.com/unsubscribe/tok456",
    bookAgainUrl: "https://bookings.example.com/book",
  };
}

describe("renderEmail", () => {
  it.each(EMAIL_KINDS)("renders %s with subject, html and text", (kind) => {
    const email = renderEmail(kind, data());
    expect(email.subject).toContain("Midnight Drive EP");
    expect(email.html).toContain("<!doctype html>");
    expect(email.html).toContain("Night Owl Studio");
    expect(email.text).toContain("Night Owl Studio");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it("uses the agreed subjects", () => {
    const subjects = Object.fromEntries(EMAIL_KINDS.map((k) => [k, renderEmail(k, data()).subject]));
    expect(subjects).toEqual({
      confirmation: "Your consultation is confirmed - Midnight Drive EP",
      reschedule: "Your consultation has moved - Midnight Drive EP",
      cancellation: "Your consultation is cancelled - Midnight Drive EP",
      reminder: "Reminder: your consultation tomorrow - Midnight Drive EP",
      follow_up: "How did it go? Your consultation - Midnight Drive EP",
    });
  });

  it.each(EMAIL_KINDS)("shows the time in the client's and the studio's zone (%s)", (kind) => {
    const email = renderEmail(kind, data());
    // 15:00 UTC on 1 Dec 2026 is 10:00 in New York and 15:00 in London.
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Tuesday, 1 December 2026, 10:00–10:15 (America/New_York)");
      expect(part).toContain("Tuesday, 1 December 2026, 15:00–15:15 (Europe/London)");
    }
  });

  it("writes the times the client's way: a US client reads 10:00 AM, a German one Dienstag", () => {
    const us = renderEmail("confirmation", data({ locale: "en-US" })).text.replace(/[\u00a0\u202f\u2009]/g, " ");
    expect(us).toContain("Tuesday, December 1, 2026, 10:00 – 10:15 AM (America/New_York)");
    expect(us).toContain("3:00 – 3:15 PM (Europe/London)");
    const de = renderEmail("reminder", data({ locale: "de-DE" })).text;
    expect(de).toContain("Dienstag, 1. Dezember 2026, 15:00–15:15 Uhr (Europe/London)");
    // The wording stays English.
    expect(de).toContain("Your time");
  });

  it("shows one time line when client and studio share a zone", () => {
    const email = renderEmail("confirmation", data({ clientTimeZone: "Europe/London" }));
    expect(email.text.match(/\(Europe\/London\)/g)).toHaveLength(1);
  });

  it.each(EMAIL_KINDS)("escapes every variable in the HTML (%s)", (kind) => {
    const evil = `<script>alert("x")</script> & 'co'`;
    const input = data({ projectName: evil, customerName: evil, genre: evil, specialRequirements: evil });
    input.studioName = evil;
    input.manageUrl = `https://x.example/"><script>`;
    input.bookAgainUrl = `https://x.example/"><script>`;
    input.unsubscribeUrl = `https://x.example/"><script>`;
    input.feedbackUrl = `https://x.example/"><script>`;
    input.serviceUrl = `https://x.example/"><script>`;
    const { html, subject, text } = renderEmail(kind, input);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain(`https://x.example/"`);
    expect(html).toContain(`href="https://x.example/&quot;&gt;&lt;script&gt;"`);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
    // Plain text and subject are not HTML: they keep the characters as typed.
    expect(text).toContain(evil);
    expect(subject).toContain(evil);
  });

  it("the follow-up asks how it went (the feedback form) and offers a quote (the service request)", () => {
    const input = {
      ...data(),
      feedbackUrl: "https://bookings.example.com/manage/tok123/feedback",
      serviceUrl: "https://bookings.example.com/manage/tok123/service",
    };
    const { html, text } = renderEmail("follow_up", input);
    expect(text).toContain("Tell us how it went: https://bookings.example.com/manage/tok123/feedback");
    expect(text).toContain("Request a quote: https://bookings.example.com/manage/tok123/service");
    expect(html).toContain('href="https://bookings.example.com/manage/tok123/feedback"');
    expect(html).toContain('href="https://bookings.example.com/manage/tok123/service"');
    // The other emails don't carry them.
    for (const kind of EMAIL_KINDS.filter((k) => k !== "follow_up")) expect(renderEmail(kind, input).text).not.toContain("/feedback");
  });

  it("puts the unsubscribe link only into reminder and follow_up", () => {
    for (const kind of EMAIL_KINDS) {
      const { html, text } = renderEmail(kind, data());
      const expected = kind === "reminder" || kind === "follow_up";
      expect(html.includes("https://bookings.example.com/unsubscribe/tok456")).toBe(expected);
      expect(text.includes("https://bookings.example.com/unsubscribe/tok456")).toBe(expected);
    }
  });

  it("links to managing the booking or to booking again, by kind", () => {
    expect(renderEmail("confirmation", data()).html).toContain('href="https://bookings.example.com/manage/tok123"');
    expect(renderEmail("cancellation", data()).html).toContain('href="https://bookings.example.com/book"');
    expect(renderEmail("follow_up", data()).text).toContain("https://bookings.example.com/book");
  });

  it("keeps subjects on one line", () => {
    expect(renderEmail("confirmation", data({ projectName: "A\r\nBcc: x@example.com" })).subject).not.toMatch(/[\r\n]/);
  });

  it("omits BPM when not given", () => {
    expect(renderEmail("confirmation", data({ bpm: null })).text).not.toContain("BPM");
    expect(renderEmail("confirmation", data()).text).toContain("BPM: 118");
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
