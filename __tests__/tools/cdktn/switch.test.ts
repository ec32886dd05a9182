import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareSynthOutputs, jsonDifferences, normalizeStackJson, switchPackageJson, switchSeamSource } from "../../../tools/cdktn/switch";

describe("switching the framework seam to cdktn", () => {
  test("rewrites the framework and per-resource provider imports, nothing else", () => {
    const seam = ['export * from "cdktf";', 'export { EcsService } from "@cdktf/provider-aws/lib/ecs-service";', "// cdktf is archived"].join("\n");
    expect(switchSeamSource(seam)).toBe(['export * from "cdktn";', 'export { EcsService } from "@cdktn/provider-aws/lib/ecs-service";', "// cdktf is archived"].join("\n"));
  });

  test("refuses a seam file that has nothing to switch, so a moved seam cannot pass unnoticed", () => {
    expect(() => switchSeamSource('export * from "constructs";')).toThrow(/nothing to switch/);
  });

  test("swaps the three cdktf packages for cdktn's and pins constructs in the range cdktn accepts", () => {
    const pkg = switchPackageJson(
      {
        name: "x",
        dependencies: { cdktf: "0.21.0", "@cdktf/provider-aws": "20.1.0", constructs: "10.4.2", yaml: "2.9.1" },
        devDependencies: { "cdktf-cli": "0.21.0", jest: "30.5.2" },
      },
      { cdktn: "0.24.0", provider: "25.7.0", constructs: "10.7.2" },
    );
    expect(pkg.dependencies).toEqual({ "@cdktn/provider-aws": "25.7.0", cdktn: "0.24.0", constructs: "10.7.2", yaml: "2.9.1" });
    expect(pkg.devDependencies).toEqual({ "cdktn-cli": "0.24.0", jest: "30.5.2" });
    expect(pkg.name).toBe("x");
  });
});

describe("comparing synth outputs", () => {
  const stack = (extra: Record<string, unknown> = {}) => ({
    "//": { metadata: { version: "0.21.0", stackName: "demo" } },
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
    resource: { aws_ecs_cluster: { cluster: { name: "demo" } } },
    ...extra,
  });

  test("ignores only the aws provider pin and the framework version", () => {
    const cdktn = stack();
    cdktn["//"].metadata.version = "0.24.0";
    cdktn.terraform.required_providers.aws = { source: "hashicorp/aws", version: "6.66.0" };
    expect(normalizeStackJson(cdktn)).toEqual(normalizeStackJson(stack()));
    expect(jsonDifferences(normalizeStackJson(stack()), normalizeStackJson({ ...stack(), resource: { aws_ecs_cluster: { cluster: { name: "other" } } } }))).toEqual([
      "resource.aws_ecs_cluster.cluster.name",
    ]);
  });

  test("reports stacks missing on one side and resources that differ", () => {
    const dir = mkdtempSync(join(tmpdir(), "cdktn-compare-"));
    try {
      const write = (side: string, name: string, json: unknown) => {
        mkdirSync(join(dir, side, "stacks", name), { recursive: true });
        writeFileSync(join(dir, side, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
      };
      write("a", "demo", stack());
      write("b", "demo", stack({ output: { x: { value: 1 } } }));
      write("a", "team", stack());
      expect(compareSynthOutputs(join(dir, "a"), join(dir, "a"))).toEqual([]);
      expect(compareSynthOutputs(join(dir, "a"), join(dir, "b"))).toEqual(["stacks/team/cdk.tf.json: only in the first output", "stacks/demo/cdk.tf.json: differs at output"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
