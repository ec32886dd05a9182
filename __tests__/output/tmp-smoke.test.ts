import { readFileSync } from "fs";
import { parse, stringify } from "yaml";
import { planAssertions } from "../helpers/expectations";
import { mockPlanAndApply, remoteStateOverrides } from "../helpers/mock-plan";
import { configFrom, removeSynthFolders, synthToDisk } from "../helpers/synth";
import { initAndValidate, runTerraformTest } from "../helpers/terraform";
afterAll(removeSynthFolders);
test.each(["scaling", "operations"])("%s split", (name) => {
  const doc = parse(readFileSync(`configs/examples/${name}.yaml`, "utf8"));
  const used = new Set((doc.tasks ?? []).map((t: any) => t.fromService));
  for (const s of doc.services ?? []) if (!used.has(s.name)) s.stack = "team-x";
  const config = configFrom(stringify(doc));
  for (const stack of synthToDisk(config)) {
    expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
    const result = runTerraformTest(stack.dir, "mock", mockPlanAndApply(planAssertions(config, stack.json)) + remoteStateOverrides(stack.json));
    if (!result.ok) throw new Error(`terraform test failed for ${stack.name}:\n${result.output}`);
  }
});
