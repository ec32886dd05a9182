/**
 * ReadableStack's synth shortcuts, each shown to write what cdktf itself would:
 * - cdktf's preparing pass (a resolution of every element that only looks for references to other
 *   stacks) is skipped when the app has one stack, and still runs when it has several, where it
 *   turns those references into remote state lookups;
 * - an element the security rule pack resolved during the aspect pass is not resolved again when
 *   cdk.tf.json is written (framework/resolve-once.ts), unless another aspect could have changed it.
 */
import { App, Aspects, IAspect, TerraformResource, TerraformStack, Testing } from "../../framework/cdktf";
import { AwsProvider, CloudwatchLogGroup } from "../../framework/provider-aws";
import { SecurityRulesAspect } from "../../rules/security-aspect";
import { Construct } from "constructs";
import type { IConstruct } from "constructs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addStacks } from "../../stacks/app";
import { ReadableStack } from "../../stacks/readable-stack";
import { bundledConfigs, loadBundled } from "../helpers/synth";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => jest.restoreAllMocks());

/** Synthesizes a bundled config; returns every stack's cdk.tf.json text by stack name. */
function synthFiles(file: string, before?: (stacks: TerraformStack[]) => void): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-prepare-"));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stacks = addStacks(app, loadBundled(file));
  before?.(stacks);
  app.synth();
  return Object.fromEntries(stacks.map((s) => [s.node.id, readFileSync(join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8")]));
}

/** The same synth with cdktf's own prepareStack on every stack, as without the shortcut. */
function synthFilesWithPreparingPass(file: string): Record<string, string> {
  jest.spyOn(ReadableStack.prototype, "prepareStack").mockImplementation(function (this: TerraformStack) {
    TerraformStack.prototype.prepareStack.call(this);
  });
  const files = synthFiles(file);
  jest.restoreAllMocks();
  return files;
}

test("an app with one stack skips the preparing pass and writes byte-identical Terraform", () => {
  const pass = jest.spyOn(TerraformStack.prototype, "prepareStack");
  const files = synthFiles("configs/examples/operations.yaml");
  expect(pass).not.toHaveBeenCalled();
  expect(files).toEqual(synthFilesWithPreparingPass("configs/examples/operations.yaml"));
});

test("an app with several stacks runs the preparing pass on each, so references across stacks become remote state", () => {
  const pass = jest.spyOn(TerraformStack.prototype, "prepareStack");
  const files = synthFiles("configs/examples/split-stacks.yaml");
  expect(pass).toHaveBeenCalledTimes(Object.keys(files).length);
  expect(Object.keys(files).length).toBeGreaterThan(1);
  expect(Object.values(files).some((text) => text.includes('"terraform_remote_state"'))).toBe(true);
});

test.each(bundledConfigs())("%s: taking the rule pack's resolutions over writes what cdktf's own toTerraform gives", (file) => {
  let stacks: TerraformStack[] = [];
  const files = synthFiles(file, (s) => {
    stacks = s;
  });
  for (const stack of stacks) {
    // After the synth nothing is kept any more: cdktf's own toTerraform resolves every element itself.
    const own = JSON.parse(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)));
    expect(JSON.parse(files[stack.node.id])).toEqual(own);
  }
  expect(stacks.length).toBeGreaterThan(0);
});

test("each resource is resolved once per synth: the rule pack's resolution is the one written", () => {
  const calls = new Map<string, number>();
  const original = TerraformResource.prototype.toTerraform;
  jest.spyOn(TerraformResource.prototype, "toTerraform").mockImplementation(function (this: TerraformResource) {
    calls.set(this.node.path, (calls.get(this.node.path) ?? 0) + 1);
    return original.call(this);
  });
  synthFiles("configs/examples/operations.yaml");
  expect(calls.size).toBeGreaterThan(40);
  expect([...calls.entries()].filter(([, n]) => n !== 1)).toEqual([]);
});

test("an aspect that changes resources after the rule pack read them: its change is written (nothing is taken over)", () => {
  /** Not marked as sharing resolutions: it changes what it visits. */
  class Describe implements IAspect {
    visit(node: IConstruct): void {
      if (TerraformResource.isTerraformResource(node) && node.terraformResourceType === "aws_ecs_cluster") node.addOverride("tags.Reviewed", "by-aspect");
    }
  }
  const files = synthFiles("configs/default.yaml", (stacks) => stacks.forEach((s) => Aspects.of(s).add(new Describe())));
  const cluster = Object.values<any>(JSON.parse(Object.values(files)[0]).resource.aws_ecs_cluster)[0];
  expect(cluster.tags.Reviewed).toBe("by-aspect");
});

test("stack-level overrides, which may hold tokens, are still resolved", () => {
  const files = synthFiles("configs/default.yaml", (stacks) =>
    stacks[0].addOverride(
      "locals.cluster_arn",
      (stacks[0].node.findAll().find((c) => TerraformResource.isTerraformResource(c) && c.terraformResourceType === "aws_ecs_cluster") as TerraformResource).getStringAttribute(
        "arn",
      ),
    ),
  );
  expect(JSON.parse(Object.values(files)[0]).locals.cluster_arn).toBe("${aws_ecs_cluster.cluster.arn}");
});

describe("kept resolutions never outlive their synth", () => {
  /** A one-stack app with the rule pack and one log group, as the stacks build them. */
  function oneLogGroup() {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-kept-")) });
    dirs.push(app.outdir);
    const stack = new ReadableStack(app, "demo");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    Aspects.of(stack).add(new SecurityRulesAspect());
    const group = new CloudwatchLogGroup(stack, "logs", { name: "one", retentionInDays: 30 });
    return { stack, group };
  }

  test("an HCL synth keeps nothing for a later JSON synth: a change in between is written", () => {
    const { stack, group } = oneLogGroup();
    Testing.synthHcl(stack);
    group.name = "two";
    expect(Object.values<any>(JSON.parse(Testing.synth(stack)).resource.aws_cloudwatch_log_group)[0].name).toBe("two");
  });

  test("a synth that stopped after the aspect pass keeps nothing for the next one: a change in between is written", () => {
    const { stack, group } = oneLogGroup();
    // cdktf runs the aspects, then the validations: this synth stops there.
    let stop = true;
    stack.node.addValidation({ validate: () => (stop ? ["stop here"] : []) });
    expect(() => Testing.synth(stack, true)).toThrow(/stop here/);
    stop = false;
    group.name = "two";
    expect(Object.values<any>(JSON.parse(Testing.synth(stack)).resource.aws_cloudwatch_log_group)[0].name).toBe("two");
  });
});

test("a stack nested under a construct counts as a second stack: the preparing pass runs", () => {
  const app = Testing.app();
  new ReadableStack(app, "one");
  const group = new Construct(app, "group");
  const nested = new ReadableStack(group, "two");
  const pass = jest.spyOn(TerraformStack.prototype, "prepareStack");
  nested.prepareStack();
  expect(pass).toHaveBeenCalledTimes(1);
});
