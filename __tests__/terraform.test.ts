/**
 * Every bundled config, synthesized and checked by the real Terraform CLI: init + validate, then
 * `terraform test` planning and applying against a mock AWS provider with the config's promises
 * as assertions.
 */
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "./helpers/terraform";
import { planAssertions } from "./helpers/expectations";
import { mockPlanAndApply } from "./helpers/mock-plan";
import { bundledConfigs, loadBundled, removeSynthFolders, synthToDisk } from "./helpers/synth";

afterAll(removeSynthFolders);

test("the terraform CLI is installed (these tests fail rather than skip without it)", () => {
  expect(assertTerraformInstalled).not.toThrow();
});

describe.each(bundledConfigs())("%s", (file) => {
  test("every stack passes terraform validate and a mock plan + apply with its assertions", () => {
    assertTerraformInstalled();
    const config = loadBundled(file);
    const stacks = synthToDisk(config);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
      const assertions = planAssertions(config, stack.json);
      const result = runTerraformTest(stack.dir, "mock", mockPlanAndApply(assertions));
      if (!result.ok) throw new Error(`terraform test failed for ${stack.name}:\n${result.output}`);
      expect(result.output).toMatch(/Success! 2 passed, 0 failed/);
    }
  });
});
