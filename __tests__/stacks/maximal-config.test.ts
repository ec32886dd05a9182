/**
 * Every key of the schema reaches the output. The keys come from the zod schema itself
 * (tools/docs/schema-tree.ts), so a key added to the schema fails here until the maximal config
 * sets it and the stacks use it.
 *
 * Strings and numbers must appear in the synthesized JSON (inside JSON-encoded attributes such as
 * container definitions and inside the user data too). A true/false or one-of key must change the
 * output when its value changes.
 */
import { Testing } from "../../framework/cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../config/load";
import { configSchema } from "../../config/schema";
import { addStacks } from "../../stacks/app";
import { KeyDoc, keyTree, leaves, unwrap } from "../../tools/docs/schema-tree";

const MAXIMAL_FILE = join(__dirname, "fixtures", "maximal.yaml");

/** Keys the maximal config leaves out, each with the reason and where they are tested instead. */
const NOT_SET: Record<string, string> = {
  "serviceConnectNamespace.arn": "the alternative to serviceConnectNamespace.name (create one, or use an existing one); arn: __tests__/stacks/services/service-options.test.ts",
  "capacity.image.id": "a pinned AMI replaces the SSM lookup that family, architecture and variant feed; pinned AMIs: __tests__/modules/ecs-ami.test.ts",
  "tasks[].containers[].mountPoints[].sourceVolume": "tasks have no volumes of their own, and a mount point must name one of the task's volumes",
  "tasks[].containers[].mountPoints[].containerPath": "tasks have no volumes of their own, and a mount point must name one of the task's volumes",
  "tasks[].containers[].mountPoints[].readOnly": "tasks have no volumes of their own, and a mount point must name one of the task's volumes",
};

/** How a key's value is written in the output, where it is not written as it is. */
const AS_WRITTEN: Record<string, (value: string | number) => string | number> = {
  // services.<name> becomes the service's resource addresses in Terraform moved blocks.
  "moved[].from": (v) => String(v).replace(/^services\./, ""),
  "moved[].to": (v) => String(v).replace(/^services\./, ""),
};

/**
 * Other keys a changed value needs for the config to stay valid (cross-key checks). The output
 * with these alone is the baseline the change is compared with.
 */
const COMPANIONS: Record<string, Record<string, Json>> = {
  "capacity.agent.disableImageCleanup": {
    "capacity.agent.imageCleanupInterval": undefined,
    "capacity.agent.imageMinimumCleanupAge": undefined,
    "capacity.agent.numImagesDeletePerCycle": undefined,
  },
  "capacity.managedScaling.enabled": { "capacity.managedTerminationProtection": false, "capacity.protectFromScaleIn": undefined },
  "capacity.protectFromScaleIn": { "capacity.managedTerminationProtection": false },
  "alerts.taskStopped": { "alerts.agentDisconnected": true },
  "capacity.managedDraining": { "capacity.drainOnScaleIn": false },
  "capacity.instanceRefresh.enabled": { "capacity.rollout": undefined },
  "services[].deployment.forceNewDeployment": { "services.[].deployment.triggers": undefined },
};

/** Keys whose value is used, on purpose, somewhere other than the synthesized Terraform JSON. */
const CONSUMED_ELSEWHERE: Record<string, string> = {
  "security.allow.privilegedContainers": "switches a rule of the pack off (rules/), which reads the output; it writes nothing itself",
  "security.allow.hostNetworkMode": "switches a rule of the pack off (rules/), which reads the output; it writes nothing itself",
  "security.suppressions[].ruleId": "accepts a finding of the rule pack; listed in the synth summary, not in the Terraform JSON",
  "security.suppressions[].address": "accepts a finding of the rule pack; listed in the synth summary, not in the Terraform JSON",
  "security.suppressions[].reason": "accepts a finding of the rule pack; listed in the synth summary, not in the Terraform JSON",
  module: "selects Terraform module mode, which has no backend: __tests__/stacks/terraform-module.test.ts",
  "alerts.nonEssentialContainers":
    "names are also container names (always in the output); their effect, the alert rule's filter, is pinned by __tests__/stacks/operations/alerts.test.ts",
};

type Json = unknown;

/** Synthesized JSON of every stack of a config, as one list. */
function synthAll(yaml: string): Json[] {
  const app = Testing.app();
  const stacks = addStacks(app, parseConfig(yaml, "maximal.yaml"));
  return stacks.map((stack) => JSON.parse(Testing.synth(stack)));
}

/** Every string and number in the output, looking into strings that hold JSON. */
function outputValues(stacks: Json[]): { strings: string[]; numbers: Set<number> } {
  const strings: string[] = [];
  const numbers = new Set<number>();
  const visit = (value: Json): void => {
    if (typeof value === "string") {
      strings.push(value);
      if (/^[[{]/.test(value)) {
        try {
          visit(JSON.parse(value));
        } catch {
          // not JSON
        }
      }
    } else if (typeof value === "number") numbers.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        strings.push(k);
        visit(v);
      }
    }
  };
  stacks.forEach(visit);
  return { strings, numbers };
}

/** The values a config gives a key, at every place the key's path matches. */
function valuesAt(doc: Json, steps: readonly string[]): Json[] {
  let current: Json[] = [doc];
  for (const step of steps) {
    const next: Json[] = [];
    for (const value of current) {
      if (step === "[]" && Array.isArray(value)) next.push(...value);
      else if (step === "<name>" && typeof value === "object" && value !== null) next.push(...Object.values(value));
      else if (typeof value === "object" && value !== null && !Array.isArray(value) && step in value) next.push((value as Record<string, Json>)[step]);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined && v !== null);
}

/** The strings and numbers a key's values consist of (list items, map keys and values). */
function atoms(value: Json): (string | number | boolean)[] {
  if (Array.isArray(value)) return value.flatMap(atoms);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...atoms(v)]);
  return [value as string | number | boolean];
}

function found(atom: string | number, output: ReturnType<typeof outputValues>): boolean {
  if (typeof atom === "number") {
    if (output.numbers.has(atom)) return true;
    const token = new RegExp(`(^|[^0-9.])${String(atom).replace(".", "\\.")}([^0-9]|$)`);
    return output.strings.some((s) => token.test(s));
  }
  return output.strings.some((s) => s.includes(atom));
}

/** A copy of the config with the key's value replaced at every place it is set. */
function withValue(doc: Json, steps: readonly string[], replace: (old: Json) => Json, add = false): Json {
  const copy = structuredClone(doc);
  const walk = (value: Json, i: number): void => {
    if (i === steps.length - 1) {
      if (typeof value === "object" && value !== null && (add || steps[i] in value)) {
        const target = value as Record<string, Json>;
        target[steps[i]] = replace(target[steps[i]]);
      }
      return;
    }
    const step = steps[i];
    if (step === "[]" && Array.isArray(value)) value.forEach((v) => walk(v, i + 1));
    else if (step === "<name>" && typeof value === "object" && value !== null) Object.values(value).forEach((v) => walk(v, i + 1));
    else if (typeof value === "object" && value !== null && step in value) walk((value as Record<string, Json>)[step], i + 1);
  };
  walk(copy, 0);
  return copy;
}

/** The allowed values of a one-of key; undefined for other keys. */
function choices(key: KeyDoc): readonly (string | number)[] | undefined {
  const def = unwrap(key.schema).core._zod.def as { type: string; values?: (string | number)[] };
  return def.type === "literal" ? def.values : undefined;
}

/**
 * Keys of `keys` the config does not reach the output with: not set, or set but not found. For
 * true/false and one-of keys, `resynth` synthesizes the config with another value.
 */
function unwiredKeys(keys: readonly KeyDoc[], doc: Json, stacks: Json[], resynth: (doc: Json) => Json[]): string[] {
  const output = outputValues(stacks);
  const baseline = JSON.stringify(stacks);
  const problems: string[] = [];
  for (const key of keys) {
    if (key.path in NOT_SET || key.path in CONSUMED_ELSEWHERE) continue;
    const values = valuesAt(doc, key.steps);
    if (values.length === 0) {
      problems.push(`${key.path}: not set in the maximal config`);
      continue;
    }
    const options = choices(key);
    const first = values[0];
    if (typeof first === "boolean" || (options && !values.flatMap(atoms).every((a) => found(a as string | number, output)))) {
      const other = (old: Json): Json => (typeof old === "boolean" ? !old : options!.find((o) => o !== old));
      let changed: boolean;
      try {
        const companions = Object.entries(COMPANIONS[key.path] ?? {});
        const prepared = companions.reduce((d, [path, value]) => withValue(d, path.split("."), () => value), doc);
        const before = companions.length ? JSON.stringify(resynth(prepared)) : baseline;
        changed = JSON.stringify(resynth(withValue(prepared, key.steps, other))) !== before;
      } catch (e) {
        problems.push(`${key.path}: another value makes the maximal config invalid, so its effect cannot be shown: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}`);
        continue;
      }
      if (!changed) problems.push(`${key.path}: changing ${JSON.stringify(first)} changes nothing in the output`);
      continue;
    }
    const written = AS_WRITTEN[key.path] ?? ((v: string | number) => v);
    const missing = values.flatMap(atoms).filter((a) => !found(written(a as string | number), output));
    if (missing.length > 0) problems.push(`${key.path}: ${missing.map((m) => JSON.stringify(m)).join(", ")} not found in the output`);
  }
  return problems;
}

describe("the maximal config", () => {
  const text = readFileSync(MAXIMAL_FILE, "utf8");
  const doc = parseYaml(text) as Json;
  const keys = leaves(keyTree(configSchema));
  const resynth = (changed: Json) => synthAll(JSON.stringify(changed));
  const stacks = synthAll(text);

  test("the exception lists name keys of the schema", () => {
    const paths = new Set(keys.map((k) => k.path));
    for (const path of [...Object.keys(NOT_SET), ...Object.keys(CONSUMED_ELSEWHERE)]) expect(paths).toContain(path);
  });

  test("sets every key of the schema, and each reaches the synthesized output", () => {
    expect(keys.length).toBeGreaterThan(200);
    expect(unwiredKeys(keys, doc, stacks, resynth)).toEqual([]);
  });

  test("a key the stacks do not read is reported (what a new, unwired key would give)", () => {
    const capacity = keys.find((k) => k.path === "capacity.keyName")!;
    const flag = keys.find((k) => k.path === "capacity.sessionManager")!;
    const unwired: KeyDoc[] = [
      { ...capacity, path: "capacity.unwiredName", steps: ["capacity", "unwiredName"] },
      { ...flag, path: "capacity.unwiredFlag", steps: ["capacity", "unwiredFlag"] },
      { ...capacity, path: "capacity.notSet", steps: ["capacity", "notSet"] },
    ];
    const withUnwired = withValue(
      withValue(doc, ["capacity", "unwiredName"], () => "unwired-value-zz9", true),
      ["capacity", "unwiredFlag"],
      () => true,
      true,
    );
    // The config as the stacks see it: the extra keys are not part of the parsed model.
    const stripped = (d: Json) =>
      withValue(
        withValue(d, ["capacity", "unwiredName"], () => undefined),
        ["capacity", "unwiredFlag"],
        () => undefined,
      );
    expect(unwiredKeys(unwired, withUnwired, stacks, (d) => resynth(stripped(d)))).toEqual([
      'capacity.unwiredName: "unwired-value-zz9" not found in the output',
      "capacity.unwiredFlag: changing true changes nothing in the output",
      "capacity.notSet: not set in the maximal config",
    ]);
  });
});
