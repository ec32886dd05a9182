/**
 * Every bundled config: zero security rule errors, and every IAM action in every generated
 * policy exists in AWS's IAM service reference.
 */
import { Testing } from "../../framework/cdktf";
import { unknownIamActions } from "../../rules/iam-actions";
import { addStacks, securityRules } from "../../stacks/app";
import { bundledConfigs, configFrom, loadBundled, minimalYaml } from "../helpers/synth";

const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_policy: ["policy"],
};

describe.each(bundledConfigs())("%s", (file) => {
  const app = Testing.app();
  const stacks = addStacks(app, loadBundled(file));
  const synthesized = stacks.map((stack) => JSON.parse(Testing.synth(stack)));

  test("synthesizes with zero security rule errors", () => {
    const rules = securityRules(app)!;
    const errors = rules.findings.filter((f) => f.level === "error" && !f.suppressed);
    expect(errors.map((f) => `${f.address} ${f.ruleId}: ${f.details}`)).toEqual([]);
  });

  test("uses only IAM actions that exist in AWS's service reference", async () => {
    const unknown: string[] = [];
    let checked = 0;
    for (const json of synthesized) {
      for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
        for (const [name, resource] of Object.entries<any>(json.resource?.[type] ?? {})) {
          for (const attribute of attributes) {
            const doc = resource[attribute];
            if (typeof doc !== "string" || !doc.trim().startsWith("{")) continue;
            checked++;
            for (const action of await unknownIamActions(doc)) unknown.push(`${type}.${name}.${attribute}: ${action}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});

test("the IAM catalogue check catches a typo'd action", async () => {
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ecs:SubmitTaskStateChanges"], Resource: "*" }] });
  expect(await unknownIamActions(doc)).toEqual(["ecs:SubmitTaskStateChanges"]);
});

test("addStacks runs the rule pack: a launch configuration is reported as a warning with its address", () => {
  const app = Testing.app();
  const [stack] = addStacks(app, configFrom(minimalYaml("capacity:\n  launchMode: launch-configuration\n")));
  Testing.synth(stack);
  expect(securityRules(app)!.findings).toEqual([
    expect.objectContaining({ ruleId: "ECS-EC2-NO-LAUNCH-CONFIGURATION", level: "warning", address: "aws_launch_configuration.capacity_launch-configuration" }),
  ]);
});

test("a suppression from the config turns a finding into a listed suppression with its reason", () => {
  const app = Testing.app();
  const yaml = minimalYaml(`capacity:
  launchMode: launch-configuration
security:
  suppressions:
    - ruleId: ECS-EC2-NO-LAUNCH-CONFIGURATION
      reason: account predates the launch configuration cut-off
`);
  const [stack] = addStacks(app, configFrom(yaml));
  Testing.synth(stack);
  expect(securityRules(app)!.findings).toEqual([
    expect.objectContaining({ ruleId: "ECS-EC2-NO-LAUNCH-CONFIGURATION", suppressed: "account predates the launch configuration cut-off" }),
  ]);
});
