/**
 * Properties over broken configs: valid configs with one thing wrong, and files that are not
 * configs at all. Each must give a ConfigError (never another exception, never a hang) whose
 * problems name where; at a known path the message shows the value and what is allowed.
 */
import fc from "fast-check";
import { ConfigError, parseConfig } from "../../../config/load";
import { ConfigIssue, show } from "../../../config/schema-dsl";
import { Doc, Location, REMOVE, SEED, Step, WRONG_VALUES, kindOf, locations, pathText, setAt, toYaml, typoArb, validConfigArb } from "./arbitraries";

function configError(text: string | Buffer): ConfigError {
  let error: unknown;
  try {
    parseConfig(text, "fuzz.yaml");
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ConfigError)) {
    throw new Error(`expected a ConfigError, got ${error === undefined ? "no error" : String(error)}\n--- input (start) ---\n${String(text).slice(0, 500)}`);
  }
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue.path).not.toBe("");
    expect(issue.message.trim()).not.toBe("");
    expect(error.message).toContain(`  - ${issue.path}: ${issue.message}`);
  }
  return error;
}

/** The problem reported at `path`, which must exist. */
function issueAt(error: ConfigError, path: string): ConfigIssue {
  const issue = error.issues.find((i) => i.path === path);
  if (!issue) throw new Error(`no problem at ${path}; problems:\n${error.message}`);
  return issue;
}

/** A valid config and one of its values, picked by `pick`. */
const located = (filter: (l: Location) => boolean) =>
  fc
    .tuple(validConfigArb, fc.nat())
    .map(([doc, pick]) => {
      const candidates = locations(doc).filter(filter);
      return candidates.length ? { doc, at: candidates[pick % candidates.length] } : undefined;
    })
    .filter((x): x is { doc: Doc; at: Location } => x !== undefined);

const isInteger = (l: Location) => Number.isInteger(l.value);
const isString = (l: Location) => typeof l.value === "string" && !l.inRecord;
const isMapKey = (l: Location) => typeof l.steps[l.steps.length - 1] === "string";

/** What the schema allows at a path, learned from the message for a value of another kind. */
function allowedAt(doc: Doc, steps: Step[]): string {
  return issueAt(configError(toYaml(setAt(doc, steps, { probe: [] }))), pathText(steps)).message;
}

const options = (numRuns: number) => ({ seed: SEED, numRuns });

describe("broken configs at a known path", () => {
  test("300 values of the wrong type each name the path, show the value and say what is allowed", () => {
    const arb = located(() => true).chain(({ doc, at }) =>
      fc
        .constantFrom(
          ...Object.entries(WRONG_VALUES)
            .filter(([kind]) => kind !== kindOf(at.value))
            .flatMap(([, v]) => v),
        )
        .map((value) => ({ doc, at, value })),
    );
    fc.assert(
      fc.property(arb, ({ doc, at, value }) => {
        const issue = issueAt(configError(toYaml(setAt(doc, at.steps, value))), pathText(at.steps));
        expect(issue.message).toContain(show(value));
        expect(issue.message).toMatch(/ is not (an? \S|one of \S|true or false$)/);
      }),
      options(300),
    );
  });

  test("150 numbers written as strings each name the path, show the quoted value and what is allowed", () => {
    fc.assert(
      fc.property(located(isInteger), ({ doc, at }) => {
        const value = String(at.value);
        const issue = issueAt(configError(toYaml(setAt(doc, at.steps, value))), pathText(at.steps));
        expect(issue.message).toContain(`${JSON.stringify(value)} is not `);
      }),
      options(150),
    );
  });

  test("150 out-of-range numbers each name the path, show the value and the allowed range", () => {
    fc.assert(
      fc.property(located(isInteger), fc.boolean(), ({ doc, at }, above) => {
        const allowed = allowedAt(doc, at.steps);
        const range = /an integer between (-?\d+) and (-?\d+)/.exec(allowed);
        const value = range ? (above ? Number(range[2]) + 1 : Number(range[1]) - 1) : 123457;
        const issue = issueAt(configError(toYaml(setAt(doc, at.steps, value))), pathText(at.steps));
        expect(issue.message).toContain(`${value} is not `);
        if (range) expect(issue.message).toContain(`between ${range[1]} and ${range[2]}`);
        else expect(issue.message).toMatch(/one of/);
      }),
      options(150),
    );
  });

  test("60 numbers written as .nan / .inf / -.inf each name the path and show NaN or Infinity", () => {
    fc.assert(
      fc.property(located(isInteger), fc.constantFrom(NaN, Infinity, -Infinity), ({ doc, at }, value) => {
        const text = toYaml(setAt(doc, at.steps, value));
        expect(text).toMatch(/\.nan|\.inf/);
        const issue = issueAt(configError(text), pathText(at.steps));
        expect(issue.message).toContain(`${String(value)} is not `);
      }),
      options(60),
    );
  });

  test("100 empty strings are either allowed by the key or name the path and what is allowed", () => {
    fc.assert(
      fc.property(located(isString), ({ doc, at }) => {
        const text = toYaml(setAt(doc, at.steps, ""));
        let parsed = true;
        try {
          parseConfig(text, "fuzz.yaml");
        } catch {
          parsed = false;
        }
        if (parsed) expect(allowedAt(doc, at.steps)).toMatch(/ of 0 to \d+ characters/);
        else expect(issueAt(configError(text), pathText(at.steps)).message).toMatch(/^"" is not ./);
      }),
      options(100),
    );
  });

  test("20 one-megabyte strings each name the path and show the value shortened", () => {
    fc.assert(
      fc.property(located(isString), fc.constantFrom("x", "ä", "-"), ({ doc, at }, unit) => {
        // One million bytes: the file stays under the 1 MiB limit.
        const value = unit.repeat(unit === "ä" ? 500_000 : 1_000_000);
        const issue = issueAt(configError(toYaml(setAt(doc, at.steps, value))), pathText(at.steps));
        expect(issue.message).toContain(show(value));
        expect(show(value).endsWith("...")).toBe(true);
        expect(issue.message.length).toBeLessThan(2000);
      }),
      options(20),
    );
  });

  test("20 files over 1 MiB are refused as a whole, naming their size and the limit", () => {
    fc.assert(
      fc.property(located(isString), ({ doc, at }) => {
        const error = configError(toYaml(setAt(doc, at.steps, "y".repeat(1024 * 1024))));
        expect(issueAt(error, "(file)").message).toMatch(/^is \d+ bytes; at most 1048576 are allowed$/);
      }),
      options(20),
    );
  });

  test("150 missing keys either have defaults or name the key that is missing", () => {
    const REQUIRED =
      /^(name|region|network|network\.vpcId|network\.hostSubnetIds|loadBalancers\[\d+\]\.name|services\[\d+\]\.(name|containers|containers\[\d+\]\.(name|image|portMappings\[\d+\]\.containerPort)))$/;
    fc.assert(
      fc.property(located(isMapKey), ({ doc, at }) => {
        const path = pathText(at.steps);
        const text = toYaml(setAt(doc, at.steps, REMOVE));
        if (!REQUIRED.test(path)) {
          // An optional key: its default applies, or a check says what is missing.
          try {
            parseConfig(text, "fuzz.yaml");
          } catch {
            configError(text);
          }
          return;
        }
        expect(issueAt(configError(text), path).message).toMatch(/^is required: ./);
      }),
      options(150),
    );
  });

  test("150 misspelt keys each name the unknown key, suggest the right one and list the allowed keys", () => {
    const maps = located((l) => kindOf(l.value) === "map" && Object.keys(l.value as Doc).length > 0 && !["tags", "environment"].includes(String(l.steps[l.steps.length - 1])));
    const arb = maps.chain(({ doc, at }) => {
      const keys = Object.keys(at.value as Doc);
      return fc.constantFrom(...keys).chain((key) => typoArb(key, new Set(keys)).map((typo) => ({ doc, at, key, typo })));
    });
    fc.assert(
      fc.property(arb, ({ doc, at, key, typo }) => {
        const map = { ...(at.value as Doc) };
        const renamed = Object.fromEntries(Object.entries(map).map(([k, v]) => [k === key ? typo : k, v]));
        const error = configError(toYaml(setAt(doc, at.steps, renamed)));
        const issue = issueAt(error, `${pathText(at.steps)}.${typo}`);
        expect(issue.message).toMatch(/^unknown key; did you mean "[A-Za-z]+"\? Allowed keys: /);
        expect(issue.message).toContain(key);
      }),
      options(150),
    );
  });

  test("100 duplicated names each point at the second use and say names must be unique", () => {
    const lists = located((l) => Array.isArray(l.value) && (l.value as unknown[]).some((x) => kindOf(x) === "map" && typeof (x as Doc).name === "string"));
    fc.assert(
      fc.property(lists, fc.nat(), ({ doc, at }, pick) => {
        const items = at.value as Doc[];
        const copy = structuredClone(items[pick % items.length]);
        const error = configError(toYaml(setAt(doc, at.steps, [...items, copy])));
        const issue = issueAt(error, `${pathText(at.steps)}[${items.length}].name`);
        expect(issue.message).toContain(`${show(copy.name)} is already used by ${pathText(at.steps)}[${pick % items.length}]`);
      }),
      options(100),
    );
  });
});

test("50 load balancers listing an ingress CIDR twice point at the second one (not a synth crash)", () => {
  const lbs = located((l) => l.steps.length === 2 && l.steps[0] === "loadBalancers");
  fc.assert(
    fc.property(lbs, fc.constantFrom("10.0.0.0/16", "0.0.0.0/0", "::/0"), ({ doc, at }, cidr) => {
      const error = configError(toYaml(setAt(doc, [...at.steps, "ingressCidrs"], [cidr, "192.0.2.0/24", cidr])));
      expect(issueAt(error, `${pathText(at.steps)}.ingressCidrs[2]`).message).toBe(
        `${show(cidr)} is already used by ${pathText(at.steps)}.ingressCidrs[0]; each value must be unique`,
      );
    }),
    options(50),
  );
});

describe("files that are not valid configs", () => {
  test("100 files with bytes that are not UTF-8 are refused as a whole, naming the encoding", () => {
    const bad = fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]);
    fc.assert(
      fc.property(validConfigArb, bad, fc.nat(), (doc, bytes, pick) => {
        const text = Buffer.from(toYaml(doc), "utf8");
        const at = pick % text.length;
        const error = configError(Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]));
        expect(issueAt(error, "(file)").message).toMatch(/not valid UTF-8/);
      }),
      options(100),
    );
  });

  test("100 files that are not valid YAML name the line", () => {
    const breakers = fc.constantFrom(
      "key: [unclosed",
      '"unterminated: string',
      "\tindented: with a tab",
      "a: b: c",
      "{ x: 1",
      "- item\nkey: value",
      "name: one\nname: two",
      "? [a\n",
    );
    fc.assert(
      fc.property(validConfigArb, breakers, fc.nat(), (doc, breaker, pick) => {
        const lines = toYaml(doc).split("\n");
        const at = pick % lines.length;
        const text = [...lines.slice(0, at), breaker, ...lines.slice(at)].join("\n");
        // Some insertions are valid YAML that the schema refuses; YAML errors name the line.
        for (const issue of configError(text).issues) {
          if (issue.message.startsWith("is not valid YAML")) expect(issue.path).toMatch(/^\(line \d+\)$/);
        }
      }),
      options(100),
    );
  });

  test('50 "billion laughs" alias bombs are refused quickly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom("top", "tags", "services"), (width, depth, where) => {
        const lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
        for (let d = 1; d <= depth; d++)
          lines.push(
            `lol${d}: &a${d} [${Array(width)
              .fill(`*a${d - 1}`)
              .join(", ")}]`,
          );
        const bomb = where === "top" ? lines.join("\n") : `${where}:\n${lines.map((l) => `  ${l}`).join("\n")}`;
        const error = configError(`name: demo\nregion: eu-west-1\n${bomb}\n`);
        if (width ** depth > 100) expect(error.message).toMatch(/alias/i);
      }),
      options(50),
    );
  });

  test("25 deeply nested values (10 to 200,000 levels) give a ConfigError, at the key when it can be parsed", () => {
    fc.assert(
      fc.property(
        located(() => true),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("[]", "{}"),
        ({ doc, at }, magnitude, brackets) => {
          const depth = Math.min(200_000, 2 * 10 ** magnitude);
          const text = toYaml(setAt(doc, at.steps, "DEEP-VALUE")).replace(/DEEP-VALUE/, brackets[0].repeat(depth) + brackets[1].repeat(depth));
          const error = configError(text);
          // Shallow enough to parse: the problem is at the key or below it (`{{}}` is a mapping whose key is a mapping).
          if (depth <= 200) expect(error.issues.some((i) => i.path.startsWith(pathText(at.steps)))).toBe(true);
          for (const issue of error.issues) expect(issue.path.length + issue.message.length).toBeLessThan(5000);
        },
      ),
      options(25),
    );
  });

  test("top-level scalars, lists and empty files each give one problem at (root) naming what is allowed", () => {
    for (const text of ["42", "true", "null", "~", "", "   \n", "- a\n- b", '"a string"', ".nan", "[1, 2]", "!!binary aGVsbG8="]) {
      const issue = issueAt(configError(text), "(root)");
      expect(issue.message).toMatch(/is not a config mapping \(keys: name, region, /);
    }
  });

  test("100 __proto__ / constructor / prototype keys anywhere are refused and pollute nothing", () => {
    const maps = located((l) => kindOf(l.value) === "map");
    const keyArb = fc.constantFrom("__proto__", "constructor", "prototype");
    const valueArb = fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, "polluted", JSON.parse('{"__proto__": {"polluted": true}}'));
    fc.assert(
      fc.property(
        fc.oneof(
          maps,
          validConfigArb.map((doc) => ({ doc, at: { steps: [] as Step[], value: doc, inRecord: false } })),
        ),
        keyArb,
        valueArb,
        ({ doc, at }, key, value) => {
          const target = at.steps.length ? setAt(doc, [...at.steps, key], value) : setAt(doc, [key], value);
          const text = toYaml(target);
          expect(text).toContain(key);
          // In tags and environment, "constructor" and "prototype" are ordinary names.
          const inMap = ["tags", "environment"].includes(String(at.steps[at.steps.length - 1]));
          if (inMap && key !== "__proto__" && typeof value === "string") expect(() => parseConfig(text, "fuzz.yaml")).not.toThrow();
          else expect(configError(text).issues.some((i) => i.path.includes(key) || i.message.includes(key))).toBe(true);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
        },
      ),
      options(100),
    );
  });
});

describe("values AWS refuses at apply", () => {
  const mutations = fc.constantFrom("aws-tag", "small-volume", "duplicate-subnet");
  test("100 valid configs with one such value each name the path and what AWS allows", () => {
    fc.assert(
      fc.property(validConfigArb, mutations, fc.integer({ min: 8, max: 19 }), (doc, mutation, size) => {
        const d = structuredClone(doc) as Record<string, any>;
        let path: string;
        let expected: string;
        if (mutation === "aws-tag") {
          d.tags = { ...(d.tags ?? {}), "aws:owner": "ops" };
          [path, expected] = ["tags", 'the "aws:" prefix is reserved for AWS (key "aws:owner")'];
        } else if (mutation === "small-volume") {
          d.capacity = { ...(d.capacity ?? {}), dockerVolume: { ...(d.capacity?.dockerVolume ?? {}), sizeGiB: size } };
          [path, expected] = ["capacity.dockerVolume.sizeGiB", `${size} is smaller than the `];
        } else {
          const subnets: string[] = d.network.hostSubnetIds;
          d.network.hostSubnetIds = [...subnets, subnets[0]];
          [path, expected] = [`network.hostSubnetIds[${subnets.length}]`, `is already used by network.hostSubnetIds[0]`];
        }
        expect(issueAt(configError(toYaml(d)), path).message).toContain(expected);
      }),
      options(100),
    );
  });
});
