/**
 * What differs between two environments: both are synthesized with the same name (the name and
 * `environment` are what must differ, and every AWS name derives from them), then compared with
 * the review tool's diff, so what remains is only what the environments' files change: instance
 * sizes, counts, domains, accounts.
 */
import { App } from "../../framework/cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EcsConfig } from "../../config/schema";
import { addStacks } from "../../stacks/app";
import { AttributeChange, EntryRef, diffSynth } from "../review/diff";
import { SynthOutput, loadSynthOutput } from "../review/load";

/** One environment to compare: how it is named in the report, and its loaded config. */
export interface EnvironmentInput {
  readonly label: string;
  readonly config: EcsConfig;
}

export interface EnvironmentDiff {
  /** The two environments, as labelled, with the name each really has. */
  readonly environments: readonly [{ label: string; name: string }, { label: string; name: string }];
  /** The name both were synthesized with, so name-derived values compare equal. */
  readonly comparedAs: string;
  /** Resources and blocks in both, with the attributes that differ. */
  readonly changed: readonly (EntryRef & { changes: AttributeChange[] })[];
  /** Only in the first environment. */
  readonly onlyInFirst: readonly EntryRef[];
  /** Only in the second environment. */
  readonly onlyInSecond: readonly EntryRef[];
}

/** `name` without its `-<environment>` suffix: what a base file set. */
function baseName(config: EcsConfig): string {
  const suffix = config.environment === undefined ? "" : `-${config.environment}`;
  return suffix && config.name.endsWith(suffix) ? config.name.slice(0, -suffix.length) : config.name;
}

/** The config as if it had `name` and no environment. */
function renamed(config: EcsConfig, name: string): EcsConfig {
  return { ...config, name, environment: undefined };
}

/** Synthesizes a config into a temporary folder and reads it back as the review tool does. */
export function synthesize(config: EcsConfig): SynthOutput {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-envdiff-"));
  try {
    const app = new App({ outdir });
    addStacks(app, config);
    app.synth();
    return { ...loadSynthOutput(outdir), root: config.name };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Compares two environments with their names made equal. */
export function diffEnvironments(first: EnvironmentInput, second: EnvironmentInput): EnvironmentDiff {
  // Both under the first one's base name (`shop` for shop-dev and shop-prod).
  const comparedAs = baseName(first.config);
  // Every difference, also in attributes Terraform would leave alone after creation (ignore_changes).
  const diff = diffSynth(synthesize(renamed(first.config, comparedAs)), synthesize(renamed(second.config, comparedAs)), { asTerraformActs: false });
  // A rename inside one app (moved blocks) is not a difference between environments.
  const moved = diff.moved.map((m) => ({ address: m.to, kind: "resource" as const, type: m.type, stack: m.stack, changes: m.changes }));
  return {
    environments: [
      { label: first.label, name: first.config.name },
      { label: second.label, name: second.config.name },
    ],
    comparedAs,
    changed: [...diff.changed, ...moved.filter((m) => m.changes.length > 0)],
    onlyInFirst: diff.removed,
    onlyInSecond: diff.added,
  };
}
