import { planAssertions } from "../helpers/expectations";
import { mockPlanAndApply } from "../helpers/mock-plan";
import { loadBundled, removeSynthFolders, synthToDisk } from "../helpers/synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "../helpers/terraform";

afterAll(removeSynthFolders);

test("the mock plan's assertions bite: a wrong expectation fails terraform test", () => {
  assertTerraformInstalled();
  const config = loadBundled("configs/default.yaml");
  const [stack] = synthToDisk(config);
  initAndValidate(stack.dir);
  const wrong = { ...config, capacity: { ...config.capacity, dockerVolume: { ...config.capacity.dockerVolume, sizeGiB: 51 } } };
  const result = runTerraformTest(stack.dir, "wrong", mockPlanAndApply(planAssertions(wrong, stack.json)));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/must put Docker on an encrypted\s+51 GiB volume/);
});
