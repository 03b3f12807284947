import { describe, expect, it } from "vitest";
import { bookingSourceFrom, bookingSourceFromJson, NO_SOURCE, pagePath } from "~/domain/booking-source";
import { BOOKING_RATE_TARGET, sourcePeriod, sourceReport, standingOf } from "~/domain/source-report";

describe("the source page", () => {
  it.each([
    ["https://www.studio.example/services/mixing?email=a@b.c#top", "/services/mixing"],
    ["/services/mixing/", "/services/mixing"],
    ["services//mixing", "/services/mixing"],
    ["/", "/"],
    ["/caf%C3%A9", "/café"],
    ["/bad%E0%A4%A", "/bad%E0%A4%A"],
  ])("%s is kept as %s", (input, expected) => {
    expect(pagePath(input)).toBe(expected);
  });

  it("is empty for nothing and cut at 300 characters", () => {
    expect(pagePath("  ")).toBeNull();
    expect(pagePath(null)).toBeNull();
    expect(pagePath(`/${"a".repeat(400)}`)).toHaveLength(300);
  });

  it("keeps only the utm fields, trimmed and bounded", () => {
    const fields = new URLSearchParams({ source_page: "/p?x=1", utm_source: " news ", utm_medium: "email", utm_campaign: "x".repeat(150), email: "ada@example.com" });
    expect(bookingSourceFrom(fields)).toEqual({ page: "/p", utmSource: "news", utmMedium: "email", utmCampaign: "x".repeat(100) });
    expect(bookingSourceFromJson({ page: "/p", utmSource: 3 })).toEqual({ ...NO_SOURCE, page: "/p" });
    expect(bookingSourceFromJson("nope")).toEqual(NO_SOURCE);
  });
});

describe("the booking rate per page", () => {
  it("is bookings over views beside the 30–40 % target, direct bookings last", () => {
    const report = sourceReport(
      [
        { page: "/a", views: 10, opens: 5 },
        { page: "/b", views: 20, opens: 8 },
        { page: "/c", views: 10, opens: 4 },
      ],
      [
        { page: "/a", bookings: 3 },
        { page: "/b", bookings: 4 },
        { page: "/c", bookings: 5 },
        { page: null, bookings: 7 },
        { page: "/gone", bookings: 1 },
      ],
    );
    expect(report.rows.map((r) => [r.page, r.rate, r.standing])).toEqual([
      // Most viewed first; equal views: more bookings first.
      ["/b", 0.2, "below"],
      ["/c", 0.5, "above"],
      ["/a", 0.3, "on_target"],
      ["/gone", null, "no_views"],
      [null, null, "no_views"],
    ]);
    expect(report.total).toMatchObject({ views: 40, opens: 17, bookings: 13, standing: "on_target" });
    expect(standingOf(BOOKING_RATE_TARGET.high)).toBe("on_target");
  });

  it("reads the period, 30 days unless told otherwise", () => {
    expect(sourcePeriod("7")).toBe(7);
    expect(sourcePeriod("8")).toBe(30);
    expect(sourcePeriod(null)).toBe(30);
  });
});
