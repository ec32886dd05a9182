/**
 * The real-Terraform suite over every bundled config, split into shards so jest runs the shards'
 * files in parallel workers. Per shard, one root module calls every stack of its configs as a
 * module: one `terraform init` + `terraform validate` checks them all (each Terraform command
 * starts the AWS provider and loads its schema, which is most of its cost). Then one
 * `terraform test` in that root plans and applies every stack (each stack's folder the module
 * under test of its own run blocks) against a mock AWS provider with the config's promises as
 * assertions.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { planAssertions } from "./expectations";
import { mockPlanAndApplyEach, remoteStateOverrides } from "./mock-plan";
import { bundledConfigs, loadBundled, removeSynthFolders, SynthesizedStack, synthToDisk } from "./synth";
import { assertTerraformInstalled, terraform, writeTestFile } from "./terraform";

export const SHARDS = 3;

/** A root module calling each stack as a module, so one init and one validate cover them all. */
export function rootModuleCalling(stacks: readonly SynthesizedStack[]): string {
  const root = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-shard-"));
  const calls = stacks.map((s, i) => `module "stack_${i}" {\n  source = ${JSON.stringify(relative(root, s.dir))}\n}\n`);
  writeFileSync(join(root, "main.tf"), calls.join("\n"));
  return root;
}

export function terraformSuite(shard: number): void {
  const roots: string[] = [];
  afterAll(() => {
    removeSynthFolders();
    roots.forEach((r) => rmSync(r, { recursive: true, force: true }));
  });
  const files = bundledConfigs().filter((_, index) => index % SHARDS === shard);
  const synthesized = new Map<string, SynthesizedStack[]>();
  const stacksOf = (file: string) => {
    if (!synthesized.has(file)) synthesized.set(file, synthToDisk(loadBundled(file)));
    return synthesized.get(file)!;
  };

  test("the terraform CLI is installed (these tests fail rather than skip without it)", () => {
    expect(assertTerraformInstalled).not.toThrow();
  });

  /**
   * The shard's root module, calling every stack, with its test file: one `terraform test` for the
   * whole shard, a plan run and an apply run per stack, each with the stack's folder as the module
   * under test and its config's promises as assertions. Initialized once, after the test file is
   * written (init also installs the modules the test file's run blocks name).
   */
  let root: { dir: string; runs: number } | undefined;
  const rootModule = (): { dir: string; runs: number } => {
    if (root) return root;
    const dir = rootModuleCalling(files.flatMap(stacksOf));
    roots.push(dir);
    const modules = files.flatMap((file) => {
      const config = loadBundled(file);
      return stacksOf(file).map((stack) => ({
        name: stack.name.replace(/[^A-Za-z0-9_]/g, "_"),
        source: relative(dir, stack.dir),
        assertions: planAssertions(config, stack.json),
        overrides: remoteStateOverrides(stack.json),
      }));
    });
    if (new Set(modules.map((m) => m.name)).size !== modules.length) throw new Error(`two stacks share a run name: ${modules.map((m) => m.name).join(", ")}`);
    writeTestFile(dir, "mock", mockPlanAndApplyEach(modules));
    const init = terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    if (!init.ok) throw new Error(`terraform init failed in ${dir}:\n${init.output}`);
    root = { dir, runs: 2 * modules.length };
    return root;
  };

  test(`every stack of ${files.join(", ")} passes terraform validate`, () => {
    assertTerraformInstalled();
    expect(files.flatMap(stacksOf).length).toBeGreaterThanOrEqual(files.length);
    const validate = terraform(rootModule().dir, ["validate", "-no-color"]);
    if (!validate.ok) throw new Error(`terraform validate failed:\n${validate.output}`);
    expect(validate.output).toContain("The configuration is valid");
  });

  test(`every stack of ${files.join(", ")} passes a mock plan + apply with its assertions`, () => {
    assertTerraformInstalled();
    const { dir, runs } = rootModule();
    const result = terraform(dir, ["test", "-no-color"]);
    if (!result.ok) throw new Error(`terraform test failed:\n${result.output}`);
    expect(result.output).toContain(`Success! ${runs} passed, 0 failed`);
  });
}
