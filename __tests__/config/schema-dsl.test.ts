/**
 * The schema helpers (config/schema-dsl.ts) on zod: every problem reads `path: <value> is not
 * <allowed>`, and descriptions for the generated docs come from `.describe()` or doc comments.
 */
import { z } from "zod";
import { integer, list, object, optional, parse, record, refine, string, withDefault } from "../../config/schema-dsl";
import { keyTree } from "../../tools/docs/schema-tree";

const even = refine(integer(0, 100), (v) => (v % 2 === 0 ? undefined : "an even integer"));

describe("schema helpers", () => {
  test("refine reports the value and what the check allows", () => {
    expect(parse(object({ count: even }), { count: 3 }).issues).toEqual([{ path: "count", message: "3 is not an even integer" }]);
    expect(parse(object({ count: even }), { count: 4 }).value).toEqual({ count: 4 });
  });

  test("refine runs only on values the schema accepts", () => {
    expect(parse(object({ count: even }), { count: 101 }).issues).toEqual([{ path: "count", message: "101 is not an integer between 0 and 100" }]);
  });

  test("a key written without a value counts as left out", () => {
    const schema = object({ size: withDefault(integer(1, 9), 5), note: optional(string()) });
    expect(parse(schema, { size: null, note: null }).value).toEqual({ size: 5 });
    expect(parse(object({ size: integer(1, 9) }), { size: null }).issues).toEqual([{ path: "size", message: "is required: an integer between 1 and 9" }]);
  });

  test("a list of the wrong length is reported as a whole, not item by item", () => {
    expect(parse(list(integer(1, 9), { maxItems: 2 }), [0, 0, 0]).issues).toEqual([{ path: "(root)", message: "has 3 items; 0 to 2 are allowed" }]);
  });

  test("maps come out in key order, and __proto__ is refused as a name", () => {
    expect(Object.keys(parse(record(string()), { b: "1", a: "2" }).value!)).toEqual(["a", "b"]);
    const issues = parse(object({ env: record(string()) }), { env: JSON.parse('{"__proto__": "x"}') }).issues;
    expect(issues).toEqual([{ path: "env key", message: '"__proto__" is not allowed as a name: it is reserved in JavaScript' }]);
  });
});

describe("key descriptions for the generated docs", () => {
  const schema = object({ size: integer(1, 9), label: string().describe("From describe().") });
  const comments = new Map([
    [
      "size,label",
      new Map([
        ["size", { text: "From the doc comment." }],
        ["label", { text: "Loses to describe()." }],
      ]),
    ],
  ]);

  test("come from the doc comment on the key, or from .describe(), which wins", () => {
    const keys = keyTree(schema, comments);
    expect(keys.map((k) => [k.path, k.description])).toEqual([
      ["size", "From the doc comment."],
      ["label", "From describe()."],
    ]);
  });

  test("reach the JSON Schema", () => {
    expect(z.toJSONSchema(schema, { io: "input" })).toEqual(
      expect.objectContaining({ properties: expect.objectContaining({ label: expect.objectContaining({ description: "From describe()." }) }) }),
    );
  });
});
