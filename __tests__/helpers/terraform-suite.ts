/**
 * The real-Terraform suite over every bundled config, split into shards so jest runs the shards'
 * files in parallel workers: every stack of every config goes through init + validate, then
 * `terraform test` planning and applying against a mock AWS provider with the config's promises
 * as assertions.
 */
import { planAssertions } from "./expectations";
import { mockPlanAndApply, remoteStateOverrides } from "./mock-plan";
import { bundledConfigs, loadBundled, removeSynthFolders, synthToDisk } from "./synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "./terraform";

export const SHARDS = 3;

export function terraformSuite(shard: number): void {
  afterAll(removeSynthFolders);
  const files = bundledConfigs().filter((_, index) => index % SHARDS === shard);

  test("the terraform CLI is installed (these tests fail rather than skip without it)", () => {
    expect(assertTerraformInstalled).not.toThrow();
  });

  describe.each(files)("%s", (file) => {
    test("every stack passes terraform validate and a mock plan + apply with its assertions", () => {
      assertTerraformInstalled();
      const config = loadBundled(file);
      const stacks = synthToDisk(config);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
        const result = runTerraformTest(stack.dir, "mock", mockPlanAndApply(planAssertions(config, stack.json)) + remoteStateOverrides(stack.json));
        if (!result.ok) throw new Error(`terraform test failed for ${stack.name}:\n${result.output}`);
        expect(result.output).toMatch(/Success! 2 passed, 0 failed/);
      }
    });
  });
}
