/**
 * Write safety: a synth that fails leaves the previous cdktf.out as it was, a successful one
 * replaces only what cdktf writes, and no staging folder outlives its run.
 */
import { Aspects, App, IAspect } from "../../framework/cdktf";
import { IConstruct } from "constructs";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { addStacks } from "../../stacks/app";
import { removeAbandonedStaging, synthesizeSafely } from "../../stacks/safe-synth";
import { configFrom, minimalYaml } from "../helpers/synth";

let root: string;
let outdir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-safe-"));
  outdir = join(root, "cdktf.out");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` with its contents, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const stagingFolders = () => readdirSync(root).filter((e) => e.includes(".staging-"));

function synthConfig(yaml: string, extra?: (app: App) => void): void {
  const config = configFrom(yaml);
  synthesizeSafely(outdir, (staging) => {
    const app = new App({ outdir: staging });
    addStacks(app, config);
    extra?.(app);
    app.synth();
  });
}

class Explode implements IAspect {
  visit(_node: IConstruct): void {
    throw new Error("aspect failed on purpose");
  }
}

describe("synthesizeSafely", () => {
  test("writes manifest.json and stacks/<name>/cdk.tf.json and leaves no staging folder", () => {
    synthConfig(minimalYaml());
    expect(Object.keys(snapshot(outdir)).sort()).toEqual(expect.arrayContaining(["manifest.json", join("stacks", "demo", "cdk.tf.json")]));
    expect(stagingFolders()).toEqual([]);
  });

  test("a synth that throws after writing part of its output leaves the previous output unchanged", () => {
    synthConfig(minimalYaml());
    const before = snapshot(outdir);
    expect(() =>
      synthesizeSafely(outdir, (staging) => {
        mkdirSync(join(staging, "stacks", "demo"), { recursive: true });
        writeFileSync(join(staging, "stacks", "demo", "cdk.tf.json"), "{ half");
        throw new Error("interrupted");
      }),
    ).toThrow("interrupted");
    expect(snapshot(outdir)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  });

  test("a real App whose stack throws during synth (an Aspect) leaves the previous output unchanged", () => {
    synthConfig(minimalYaml());
    const before = snapshot(outdir);
    const changed = minimalYaml("tags:\n  team: changed\n");
    expect(() => synthConfig(changed, (app) => app.node.children.forEach((stack) => Aspects.of(stack).add(new Explode())))).toThrow("aspect failed on purpose");
    expect(snapshot(outdir)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  });

  test("keeps .terraform/, .terraform.lock.hcl and terraform.tfstate of a stack through a successful re-synth", () => {
    synthConfig(minimalYaml());
    const stack = join(outdir, "stacks", "demo");
    mkdirSync(join(stack, ".terraform", "providers"), { recursive: true });
    writeFileSync(join(stack, ".terraform", "providers", "marker"), "provider");
    writeFileSync(join(stack, ".terraform.lock.hcl"), "lock");
    writeFileSync(join(stack, "terraform.tfstate"), '{"serial": 7}');
    const oldJson = readFileSync(join(stack, "cdk.tf.json"), "utf8");

    synthConfig(minimalYaml("tags:\n  team: changed\n"));

    expect(readFileSync(join(stack, "cdk.tf.json"), "utf8")).not.toBe(oldJson);
    expect(readFileSync(join(stack, "cdk.tf.json"), "utf8")).toContain('"team": "changed"');
    expect(readFileSync(join(stack, ".terraform", "providers", "marker"), "utf8")).toBe("provider");
    expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toBe("lock");
    expect(readFileSync(join(stack, "terraform.tfstate"), "utf8")).toBe('{"serial": 7}');
  });

  test("removes assets/ of a previous synth when the new synth writes none", () => {
    synthConfig(minimalYaml());
    const assets = join(outdir, "stacks", "demo", "assets", "old-lambda");
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, "archive.zip"), "stale");
    synthConfig(minimalYaml());
    expect(existsSync(join(outdir, "stacks", "demo", "assets"))).toBe(false);
  });

  test("a swap that fails half-way puts back what it had already replaced", () => {
    synthConfig(minimalYaml());
    const before = snapshot(outdir);
    expect(() =>
      synthesizeSafely(outdir, (staging) => {
        mkdirSync(join(staging, "stacks", "demo"), { recursive: true });
        writeFileSync(join(staging, "stacks", "demo", "cdk.tf.json"), "{}");
        // A folder cannot replace the existing manifest file: the last step of the swap fails.
        mkdirSync(join(staging, "manifest.json"));
        writeFileSync(join(staging, "manifest.json", "x"), "x");
      }),
    ).toThrow();
    expect(snapshot(outdir)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  });

  test("removes staging folders of runs that are gone, and keeps those of running processes", () => {
    const dead = join(root, ".cdktf.out.staging-999999999-abc123");
    const alive = join(root, `.cdktf.out.staging-${process.ppid}-def456`);
    const otherOutdir = join(root, ".other.staging-999999999-xyz");
    for (const dir of [dead, alive, otherOutdir]) {
      mkdirSync(join(dir, "stacks"), { recursive: true });
      writeFileSync(join(dir, "manifest.json"), "{}");
    }
    synthConfig(minimalYaml());
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(existsSync(otherOutdir)).toBe(true);
    removeAbandonedStaging(root, "other");
    expect(existsSync(otherOutdir)).toBe(false);
  });
});
