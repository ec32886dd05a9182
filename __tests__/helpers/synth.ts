/**
 * Synthesizes configs the way `cdktf synth` does, into temporary folders the tests remove.
 */
import { App, Testing } from "../../framework/cdktf";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { environmentsInFolder } from "../../config/environments";
import { loadConfig, parseConfig } from "../../config/load";
import { EcsConfig } from "../../config/schema";
import { addStacks } from "../../stacks/app";
import { EcsStack } from "../../stacks/ecs-stack";

const ROOT = join(__dirname, "..", "..");
const created: string[] = [];

/**
 * Every bundled config file: configs/*.yaml, configs/examples/*.yaml, and each environment of
 * configs/examples/envs/ (a file no other file there extends: base.yaml is a part, not a config).
 */
export function bundledConfigs(): string[] {
  const list = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".json"))
      .sort()
      .map((f) => join(dir, f));
  const environments = safeList(() => environmentsInFolder(join(ROOT, "configs/examples/envs")).map((f) => relative(ROOT, f)));
  return [...list("configs"), ...safeList(() => list("configs/examples")), ...environments];
}

function safeList(f: () => string[]): string[] {
  try {
    return f();
  } catch {
    return [];
  }
}

export function loadBundled(file: string): EcsConfig {
  return loadConfig(join(ROOT, file));
}

export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
  readonly json: any;
}

/** Full synth of a config into a fresh folder; returns each stack's folder and parsed JSON. */
export function synthToDisk(config: EcsConfig): SynthesizedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-test-"));
  created.push(outdir);
  const app = new App({ outdir });
  addStacks(app, config);
  app.synth();
  return readdirSync(join(outdir, "stacks"))
    .sort()
    .map((name) => {
      const dir = join(outdir, "stacks", name);
      return { name, dir, json: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) };
    });
}

/** Removes the folders synthToDisk made (call from afterAll). */
export function removeSynthFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A config from YAML text, for tests that vary one key. */
export function configFrom(yaml: string): EcsConfig {
  return parseConfig(yaml, "test.yaml");
}

/** The minimal valid config as YAML, with `extra` appended (top-level keys). */
/** The message of the ConfigError a config must raise; fails the test when the config is accepted. */
export function configErrorOf(yaml: string): string {
  try {
    configFrom(yaml);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("config was accepted");
}

export function minimalYaml(extra = ""): string {
  return `name: demo
region: eu-west-1
network:
  vpcId: vpc-0123456789abcdef0
  hostSubnetIds: [subnet-0aaaaaaaaaaaaaaa1]
  loadBalancerSubnetIds: [subnet-0bbbbbbbbbbbbbbb1, subnet-0bbbbbbbbbbbbbbb2]
${extra}`;
}

/** In-memory synth of the stack a config describes: the parsed cdk.tf.json. */
export function synthJson(config: EcsConfig): any {
  const app = Testing.app();
  const [stack] = addStacks(app, config) as EcsStack[];
  return JSON.parse(Testing.synth(stack));
}

/** Resources of one type in a synthesized stack, by name (metadata removed). */
export function resources(json: any, type: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, value] of Object.entries<any>(json.resource?.[type] ?? {})) {
    const { ["//"]: _meta, ...rest } = value;
    out[name] = rest;
  }
  return out;
}
