/**
 * The real-Terraform suite over every bundled config, split into shards so jest runs the shards'
 * files in parallel workers. Per shard, one root module calls every stack of its configs as a
 * module: one `terraform init` + `terraform validate` checks them all (each Terraform command
 * starts the AWS provider and loads its schema, which is most of its cost). Then each stack goes
 * through `terraform test`, planning and applying against a mock AWS provider with the config's
 * promises as assertions.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { planAssertions } from "./expectations";
import { mockPlanAndApply, remoteStateOverrides } from "./mock-plan";
import { bundledConfigs, loadBundled, removeSynthFolders, SynthesizedStack, synthToDisk } from "./synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest, terraform } from "./terraform";

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

  test(`every stack of ${files.join(", ")} passes terraform validate`, () => {
    assertTerraformInstalled();
    const stacks = files.flatMap(stacksOf);
    expect(stacks.length).toBeGreaterThanOrEqual(files.length);
    const root = rootModuleCalling(stacks);
    roots.push(root);
    expect(initAndValidate(root)).toContain("The configuration is valid");
  });

  describe.each(files)("%s", (file) => {
    test("every stack passes a mock plan + apply with its assertions", () => {
      assertTerraformInstalled();
      const config = loadBundled(file);
      const stacks = stacksOf(file);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        const init = terraform(stack.dir, ["init", "-backend=false", "-input=false", "-no-color"]);
        if (!init.ok) throw new Error(`terraform init failed in ${stack.dir}:\n${init.output}`);
        const result = runTerraformTest(stack.dir, "mock", mockPlanAndApply(planAssertions(config, stack.json)) + remoteStateOverrides(stack.json));
        if (!result.ok) throw new Error(`terraform test failed for ${stack.name}:\n${result.output}`);
        expect(result.output).toMatch(/Success! 2 passed, 0 failed/);
      }
    });
  });
}
