import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { parseLinks, serviceRequestPackageStepSchema, serviceRequestSchema, serviceRequestSchemas } from "~/domain/service-request";

const today = "2027-03-10";

function formData(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

const good: [string, string][] = [
  ["packageId", "pkg_mix_master"],
  ["addonIds", "addon_rush"],
  ["addonIds", "addon_vocal_tuning"],
  ["trackCount", "4"],
  ["links", "https://www.dropbox.com/s/abc/stems.zip\n\nhttp://wetransfer.com/downloads/xyz  \r\n"],
  ["wishedDeadline", "2027-04-01"],
  ["notes", "Vocals on track 2 need love"],
];

describe("parseLinks", () => {
  it("reads one link per line and ignores blank lines, from a textarea or repeated fields", () => {
    expect(parseLinks("a\n\n  b  \r\nc\r")).toEqual(["a", "b", "c"]);
    expect(parseLinks(["a", " ", "b\nc"])).toEqual(["a", "b", "c"]);
    expect(parseLinks(undefined)).toEqual([]);
  });
});

describe("serviceRequestSchema (the final send)", () => {
  const schema = serviceRequestSchema({ today });

  it("parses a complete request from the textarea form", () => {
    const result = parseWithZod(formData(good), { schema });
    expect(result.status === "success" && result.value).toEqual({
      packageId: "pkg_mix_master",
      addonIds: ["addon_rush", "addon_vocal_tuning"],
      trackCount: 4,
      links: ["https://www.dropbox.com/s/abc/stems.zip", "http://wetransfer.com/downloads/xyz"],
      wishedDeadline: "2027-04-01",
      notes: "Vocals on track 2 need love",
    });
  });

  it("accepts repeated link fields, no add-ons, no deadline (today is fine) and no notes", () => {
    const entries: [string, string][] = [
      ["packageId", "pkg_mastering"],
      ["trackCount", "1"],
      ["links", "https://drive.google.com/file/d/1"],
      ["links", ""],
      ["links", "https://example.com/2"],
    ];
    const result = parseWithZod(formData(entries), { schema });
    expect(result.status === "success" && result.value).toEqual({
      packageId: "pkg_mastering",
      addonIds: [],
      trackCount: 1,
      links: ["https://drive.google.com/file/d/1", "https://example.com/2"],
      wishedDeadline: null,
      notes: null,
    });
    expect(parseWithZod(formData([...entries, ["wishedDeadline", today]]), { schema }).status).toBe("success");
  });

  it("works on a plain object as well (a JSON caller)", () => {
    expect(schema.parse({ packageId: "pkg_mixing", addonIds: "addon_stems", trackCount: "2", links: ["https://a.example/x"] })).toMatchObject({
      addonIds: ["addon_stems"],
      trackCount: 2,
    });
  });

  const replace = (key: string, value: string): [string, string][] => good.map(([k, v]) => [k, k === key ? value : v]);
  const eleven = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`).join("\n");

  it.each([
    [replace("packageId", ""), "packageId", ["Choose a package"]],
    [replace("trackCount", "0"), "trackCount", ["Enter a number of tracks from 1 to 200"]],
    [replace("trackCount", "-4"), "trackCount", ["Enter a number of tracks from 1 to 200"]],
    [replace("trackCount", "100000"), "trackCount", ["Enter a number of tracks from 1 to 200"]],
    [replace("trackCount", "2.5"), "trackCount", ["Enter the number of tracks as a whole number"]],
    [replace("trackCount", "four"), "trackCount", ["Enter the number of tracks as a whole number"]],
    [replace("links", ""), "links", ["Add at least one download link for your files"]],
    [replace("links", eleven), "links", ["At most 10 links"]],
    [
      replace("links", "https://ok.example/1\nhttps://ok.example/2\nftp://files.example/mix.wav\njavascript:alert(1)"),
      "links",
      ["Link 3 must start with http:// or https://", "Link 4 must start with http:// or https://"],
    ],
    [replace("links", `https://example.com/${"a".repeat(2000)}`), "links", ["Link 1 is longer than 2000 characters"]],
    [replace("links", "https://"), "links", ["Link 1 isn't a valid web address"]],
    [replace("links", "https://exa mple.com/x"), "links", ["Link 1 isn't a valid web address"]],
    [replace("links", "https://me:secret@example.com/x"), "links", ["Link 1 must not contain a user name or password; share a link instead"]],
    [replace("wishedDeadline", "2027-03-09"), "wishedDeadline", ["The deadline can't be in the past"]],
    [replace("wishedDeadline", "2027-02-30"), "wishedDeadline", ["Enter the deadline as a date, like 2027-03-31"]],
    [replace("wishedDeadline", "next week"), "wishedDeadline", ["Enter the deadline as a date, like 2027-03-31"]],
    [replace("notes", "x".repeat(2001)), "notes", ["Keep your notes to 2000 characters or fewer"]],
  ] as [[string, string][], string, string[]][])("error on %s: %j", (entries, path, messages) => {
    const result = parseWithZod(formData(entries), { schema });
    expect(result.status).toBe("error");
    expect(result.reply().error?.[path]).toEqual(messages);
  });

  it("a link of exactly 2000 characters and exactly 10 links are fine", () => {
    const long = `https://example.com/${"a".repeat(2000 - "https://example.com/".length)}`;
    const ten = Array.from({ length: 10 }, (_, i) => `https://example.com/${i}`).join("\n");
    expect(parseWithZod(formData(replace("links", long)), { schema }).status).toBe("success");
    expect(parseWithZod(formData(replace("links", ten)), { schema }).status).toBe("success");
  });

  it("a client can't send a price: unknown fields are dropped", () => {
    const result = parseWithZod(formData([...good, ["totalMinor", "1"], ["unitMinor", "1"]]), { schema });
    expect(result.status === "success" && Object.keys(result.value).sort()).toEqual(["addonIds", "links", "notes", "packageId", "trackCount", "wishedDeadline"]);
  });

  it("needs a real date for today", () => {
    expect(() => serviceRequestSchema({ today: "10/03/2027" })).toThrow(RangeError);
  });
});

describe("serviceRequestSchemas per step", () => {
  it("step 1 checks only the package, step 2 only the project", () => {
    const steps = serviceRequestSchemas({ today });
    expect(steps.package).toBe(serviceRequestPackageStepSchema);
    expect(parseWithZod(formData([["packageId", "pkg_mixing"]]), { schema: steps.package }).status).toBe("success");
    expect(parseWithZod(formData(good.slice(3)), { schema: steps.project }).status).toBe("success");
    expect(parseWithZod(formData(good.slice(3)), { schema: steps.review }).reply().error?.packageId).toEqual(["Choose a package"]);
  });
});
