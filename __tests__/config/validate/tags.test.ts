import { tagKey, tagKeys, tagValue } from "../../../config/validate/tags";

// Tag restrictions: https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
// ("The aws: prefix is prohibited for tags"; letters, numbers, spaces and _ . : / = + - @).
describe("tags", () => {
  test("accepts keys and values of letters, digits, spaces and _.:/=+-@, in any script", () => {
    expect(tagKeys({ "cost-center": "x", "team/owner": "y", "Projekt Größe": "z" })).toBeUndefined();
    expect(tagValue("ops@example.com + 1=2 / 3:4")).toBeUndefined();
    expect(tagValue("")).toBeUndefined();
  });

  test("refuses the reserved aws: prefix in any case", () => {
    expect(tagKey("aws:cloudformation:stack-name")).toBe('a tag key of your own: the "aws:" prefix is reserved for AWS');
    expect(tagKeys({ team: "a", "AWS:owner": "b" })).toBe('a tag key of your own: the "aws:" prefix is reserved for AWS (key "AWS:owner")');
  });

  test("refuses other characters and lengths", () => {
    expect(tagKey("team#1")).toBe("a tag key of 1 to 128 letters, digits, spaces and _.:/=+-@");
    expect(tagKey("k".repeat(129))).toBe("a tag key of 1 to 128 letters, digits, spaces and _.:/=+-@");
    expect(tagValue("a;b")).toBe("a tag value of 0 to 256 letters, digits, spaces and _.:/=+-@");
  });
});
