import { planAssertions } from "../../helpers/expectations";
import { mockPlan } from "../../helpers/mock-plan";
import { loadBundled, removeSynthFolders, synthToDisk } from "../../helpers/synth";
import { assertTerraformInstalled, runTerraformTest, terraform } from "../../helpers/terraform";

afterAll(removeSynthFolders);

test("the mock plan's assertions bite: a wrong expectation fails terraform test", () => {
  assertTerraformInstalled();
  const config = loadBundled("configs/default.yaml");
  const [stack] = synthToDisk(config);
  expect(terraform(stack.dir, ["init", "-backend=false", "-input=false", "-no-color"]).ok).toBe(true);
  const wrong = { ...config, capacity: { ...config.capacity, dockerVolume: { ...config.capacity.dockerVolume, sizeGiB: 51 } } };
  const result = runTerraformTest(stack.dir, "wrong", mockPlan(planAssertions(wrong, stack.json)));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/must put Docker on an encrypted\s+51 GiB volume/);
});
