/**
 * One benchmark synth, in process: config model → app → stacks → `app.synth()` → cdk.tf.json,
 * with the time spent in each phase. Loaded by run-one.ts after it started its clock, so the
 * time to load cdktf and the provider modules counts, as it does for the peer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack } from "../../framework/cdktf";
import { addStacks, securityRules } from "../../stacks/app";
import { withLeanTokenTraces } from "../../stacks/lean-traces";
import { benchConfig } from "./bench-config";

/** Milliseconds spent in each phase of one synth. */
export interface SynthPhases {
  /** Building and validating the config model. */
  readonly config: number;
  /** Constructing the app and the construct tree. */
  readonly construct: number;
  /** `app.synth()` as a whole; the parts follow. */
  readonly synth: number;
  /** cdktf's preparing pass: every element resolved once to find cross-stack references. */
  readonly prepare: number;
  /** The security rule pack (an aspect), which resolves each resource it checks. */
  readonly aspects: number;
  /** The stack's validations (`runAllValidations`). */
  readonly validate: number;
  /** Resolving tokens into the Terraform JSON object (`toTerraform`). */
  readonly resolve: number;
  /** The rest: annotations, sorting and writing the JSON file, app validation, manifest. */
  readonly write: number;
}

export interface SynthOutcome {
  readonly phases: SynthPhases;
  /** Path of the written cdk.tf.json. */
  readonly file: string;
  /** Number of resources in cdk.tf.json (data sources not counted). */
  readonly resources: number;
}

/** Counts the resources of a synthesized stack: every entry under `resource.<type>`. */
export function countResources(json: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** Wraps `obj[key]` so the time spent in it is added to `timer.ms`. */
function timeMethod<T extends object>(obj: T, key: keyof T & string, timer: { ms: number }): void {
  const original = (obj as Record<string, unknown>)[key] as (...args: unknown[]) => unknown;
  (obj as Record<string, unknown>)[key] = (...args: unknown[]) => {
    const start = performance.now();
    try {
      return original.apply(obj, args);
    } finally {
      timer.ms += performance.now() - start;
    }
  };
}

/** Synthesizes `n` benchmark services into `outdir`, the way main.ts synthesizes a config file. */
export function synthBench(n: number, outdir: string, options: { fullTokenTraces?: boolean } = {}): SynthOutcome {
  // As main.ts does, unless the full traces are asked for (to measure what they cost).
  return options.fullTokenTraces ? synthTimed(n, outdir) : withLeanTokenTraces(() => synthTimed(n, outdir));
}

function synthTimed(n: number, outdir: string): SynthOutcome {
  const t0 = performance.now();
  const config = benchConfig(n);
  const t1 = performance.now();
  const app = new App({ outdir });
  const stacks: TerraformStack[] = addStacks(app, config);
  const t2 = performance.now();
  const prepare = { ms: 0 };
  const aspects = { ms: 0 };
  const validate = { ms: 0 };
  const resolve = { ms: 0 };
  for (const stack of stacks) {
    timeMethod(stack, "prepareStack", prepare);
    timeMethod(stack, "runAllValidations", validate);
    timeMethod(stack, "toTerraform", resolve);
  }
  const rules = securityRules(app);
  if (rules) timeMethod(rules, "visit", aspects);
  app.synth();
  const t3 = performance.now();
  const file = join(outdir, "stacks", config.name, "cdk.tf.json");
  const resources = countResources(JSON.parse(readFileSync(file, "utf8")));
  const synth = t3 - t2;
  return {
    phases: {
      config: t1 - t0,
      construct: t2 - t1,
      synth,
      prepare: prepare.ms,
      aspects: aspects.ms,
      validate: validate.ms,
      resolve: resolve.ms,
      write: synth - prepare.ms - aspects.ms - validate.ms - resolve.ms,
    },
    file,
    resources,
  };
}
