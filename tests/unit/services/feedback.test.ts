import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { feedbackSchema } from "~/domain/feedback";

function parse(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return parseWithZod(data, { schema: feedbackSchema });
}

describe("feedbackSchema", () => {
  it("takes a rating from the radio group and a trimmed comment", () => {
    const result = parse([["rating", "4"], ["comment", "  Really helpful, thanks!  "]]);
    expect(result.status === "success" && result.value).toEqual({ rating: 4, comment: "Really helpful, thanks!" });
  });

  it("the comment is optional; blank counts as none", () => {
    expect(parse([["rating", "5"]]).status === "success").toBe(true);
    expect(feedbackSchema.parse({ rating: "5", comment: "   " })).toEqual({ rating: 5, comment: null });
  });

  it.each([
    [[], "rating", "Choose a rating from 1 to 5"],
    [[["rating", "0"]], "rating", "Choose a rating from 1 to 5"],
    [[["rating", "6"]], "rating", "Choose a rating from 1 to 5"],
    [[["rating", "3.5"]], "rating", "Choose a rating from 1 to 5"],
    [[["rating", "great"]], "rating", "Choose a rating from 1 to 5"],
    [[["rating", "3"], ["comment", "x".repeat(1001)]], "comment", "Keep your comment to 1000 characters or fewer"],
  ] as [[string, string][], string, string][])("%j: error on %s", (entries, path, message) => {
    expect(parse(entries).reply().error?.[path]).toEqual([message]);
  });

  it("a 1000-character comment is fine", () => {
    expect(parse([["rating", "3"], ["comment", "x".repeat(1000)]]).status).toBe("success");
  });
});
