/**
 * Properties over layered configs (config/layers.ts): a config merged with any part of itself is
 * itself; an overlay that turns a mapping or a list into another kind, an unknown key in an
 * overlay, and a cycle of extends each give a ConfigError naming the overlay's file and line.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, parseConfig } from "../../../config/load";
import { Doc, SEED, kindOf, locations, pathText, toYaml, typoArb, validConfigArb } from "./arbitraries";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-layered-fuzz-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (numRuns: number) => ({ seed: SEED, numRuns });

/** Loads `base` then `overlay` as two files merged in order (`base.yaml,overlay.yaml`). */
function layered(base: string, overlay: string) {
  writeFileSync(join(dir, "base.yaml"), base);
  writeFileSync(join(dir, "overlay.yaml"), overlay);
  return loadConfig(`${join(dir, "base.yaml")},${join(dir, "overlay.yaml")}`);
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw new Error(`expected a ConfigError, got ${String(e)}`);
  }
  throw new Error("expected a ConfigError, got none");
}

/** Line of `key:` at `steps` in YAML written by toYaml (two-space indents, maps only). */
function lineOfKey(yaml: string, steps: string[]): number {
  const lines = yaml.split("\n");
  let from = 0;
  steps.forEach((key, depth) => {
    const at = lines.findIndex((l, i) => i >= from && l.startsWith(`${"  ".repeat(depth)}${key}:`));
    if (at < 0) throw new Error(`no ${steps.join(".")} in\n${yaml}`);
    from = at;
  });
  return from + 1;
}

/** Locations reached through mappings only, not inside tag or environment maps. */
const mapPaths = (doc: Doc) => locations(doc).filter((l) => l.steps.every((s) => typeof s === "string") && !l.inRecord && !["tags"].includes(String(l.steps[0])));

test("100 configs merged with a random part of themselves are unchanged", () => {
  const arb = validConfigArb.chain((doc) => fc.subarray(Object.keys(doc)).map((keys) => ({ doc, keys })));
  fc.assert(
    fc.property(arb, ({ doc, keys }) => {
      const part = Object.fromEntries(keys.map((k) => [k, doc[k]]));
      expect(layered(toYaml(doc), toYaml(part))).toEqual(parseConfig(toYaml(doc), "whole.yaml"));
    }),
    options(100),
  );
});

test("100 configs split into a base and an overlay by top-level key load as the whole", () => {
  const arb = validConfigArb.chain((doc) => fc.subarray(Object.keys(doc)).map((keys) => ({ doc, keys })));
  fc.assert(
    fc.property(arb, ({ doc, keys }) => {
      const overlay = Object.fromEntries(keys.map((k) => [k, doc[k]]));
      const base = Object.fromEntries(
        Object.keys(doc)
          .filter((k) => !keys.includes(k))
          .map((k) => [k, doc[k]]),
      );
      expect(layered(toYaml(base), toYaml(overlay))).toEqual(parseConfig(toYaml(doc), "whole.yaml"));
    }),
    options(100),
  );
});

test("100 overlays that turn a mapping or list into another kind name the path, both files and the overlay's line", () => {
  const arb = validConfigArb
    .map((doc) => ({ doc, candidates: mapPaths(doc).filter((l) => kindOf(l.value) === "map" || kindOf(l.value) === "list") }))
    .filter(({ candidates }) => candidates.length > 0)
    .chain(({ doc, candidates }) => fc.tuple(fc.constant(doc), fc.constantFrom(...candidates), fc.constantFrom<unknown>([1], { probe: 1 }, "text", 7)));
  fc.assert(
    fc.property(
      arb.filter(([, at, value]) => kindOf(value) !== kindOf(at.value)),
      ([doc, at, value]) => {
        const overlay = toYaml(pathOnly(at.steps as string[], value));
        const error = configError(() => layered(toYaml(doc), overlay));
        const issue = error.issues.find((i) => i.path === pathText(at.steps));
        expect(issue).toBeDefined();
        expect(issue!.file).toMatch(/overlay\.yaml$/);
        expect(issue!.line).toBe(lineOfKey(overlay, at.steps as string[]));
        expect(issue!.message).toMatch(
          new RegExp(
            `^is a (mapping|list|single value) here but a ${kindOf(at.value) === "map" ? "mapping" : "list"} in .*base\\.yaml:\\d+; a later file can change a value, not turn`,
          ),
        );
      },
    ),
    options(100),
  );
});

/** A document that sets only `value` at `steps` (all mapping keys). */
function pathOnly(steps: string[], value: unknown): Doc {
  return steps.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Doc;
}

test("100 unknown keys in an overlay name the key, suggest the right one, and point at the overlay's line", () => {
  const arb = validConfigArb
    .map((doc) => ({ doc, maps: mapPaths(doc).filter((l) => kindOf(l.value) === "map" && Object.keys(l.value as Doc).length > 0) }))
    .filter(({ maps }) => maps.length > 0)
    .chain(({ doc, maps }) =>
      fc.constantFrom(...maps).chain((at) => {
        const keys = Object.keys(at.value as Doc);
        return fc.constantFrom(...keys).chain((key) => typoArb(key, new Set(keys)).map((typo) => ({ doc, at, key, typo })));
      }),
    );
  fc.assert(
    fc.property(arb, ({ doc, at, key, typo }) => {
      const overlay = toYaml(pathOnly([...(at.steps as string[]), typo], (at.value as Doc)[key]));
      const error = configError(() => layered(toYaml(doc), overlay));
      const issue = error.issues.find((i) => i.path === `${pathText(at.steps)}.${typo}`);
      expect(issue).toBeDefined();
      expect(issue!.message).toMatch(/^unknown key; did you mean "[A-Za-z]+"\? Allowed keys: /);
      expect(issue!.file).toMatch(/overlay\.yaml$/);
      expect(issue!.line).toBe(lineOfKey(overlay, [...(at.steps as string[]), typo]));
    }),
    options(100),
  );
});

test("30 cycles of extends (1 to 8 files) name every file of the cycle at the extends line that closes it", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), (length, seed) => {
      const names = Array.from({ length }, (_, i) => `cycle-${seed}-${i}.yaml`);
      names.forEach((name, i) => writeFileSync(join(dir, name), `# file ${i}\nextends: ${names[(i + 1) % length]}\n`));
      const error = configError(() => loadConfig(join(dir, names[0])));
      expect(error.issues).toHaveLength(1);
      const issue = error.issues[0];
      expect(issue).toEqual(expect.objectContaining({ path: "extends", line: 2 }));
      expect(issue.file).toMatch(new RegExp(`${names[length - 1].replace(/\./g, "\\.")}$`));
      for (const name of names) expect(issue.message).toContain(name);
      expect(issue.message).toMatch(/makes a cycle: .* → .*; a config cannot extend itself/);
    }),
    options(30),
  );
});
