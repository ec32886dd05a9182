/**
 * Terraform module mode under the real Terraform CLI: examples/module-root, a plain HCL root module, calls
 * the synthesized module through init, validate and a plan against a mock AWS provider, and the
 * module's own variable validation rejects bad input.
 */
import { App } from "../../framework/cdktf";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockProviderBlock } from "../helpers/mock-plan";
import { loadBundled } from "../helpers/synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "../helpers/terraform";
import { addStacks } from "../../stacks/app";

const ROOT = join(__dirname, "..", "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const bundled = () => loadBundled("configs/examples/module.yaml");

describe("examples/module-root", () => {
  function layout(): { root: string; module: string } {
    const base = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-module-"));
    dirs.push(base);
    const app = new App({ outdir: join(base, "cdktf.out") });
    addStacks(app, bundled());
    app.synth();
    const root = join(base, "examples", "module-root");
    mkdirSync(root, { recursive: true });
    copyFileSync(join(ROOT, "examples", "module-root", "main.tf"), join(root, "main.tf"));
    return { root, module: join(base, "cdktf.out", "stacks", "demo-module") };
  }

  test("calls the synthesized module: init, validate and a mock plan pass", () => {
    assertTerraformInstalled();
    expect(readFileSync(join(ROOT, "examples", "module-root", "main.tf"), "utf8")).toContain('source = "../../cdktf.out/stacks/demo-module"');
    const { root } = layout();
    expect(initAndValidate(root)).toContain("The configuration is valid");
    const test = `${mockProviderBlock()}
run "plan" {
  command = plan
  assert {
    condition     = output.cluster_name == "demo-module"
    error_message = "the module's cluster_name output must reach the root"
  }
}
`;
    const result = runTerraformTest(root, "module", test);
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toMatch(/Success! 1 passed, 0 failed/);
  });

  test("the module's validation rejects a bad VPC id, too few subnets and a missing image", () => {
    assertTerraformInstalled();
    const { module } = layout();
    expect(initAndValidate(module)).toContain("The configuration is valid");
    const run = (name: string, variables: string, failing: string) => `run "${name}" {
  command = plan
  variables {
${variables}
  }
  expect_failures = [${failing}]
}
`;
    const test = [
      mockProviderBlock(),
      run("vpc", '    vpc_id = "vpc-nope"', "var.vpc_id"),
      run("lb_subnets", '    load_balancer_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1"]', "var.load_balancer_subnet_ids"),
      run("hosts", "    host_subnet_ids = []", "var.host_subnet_ids"),
      run("images", '    images = { "web/other" = "nginx" }', "var.images"),
      run("counts", "    desired_counts = { web = -1 }", "var.desired_counts"),
      run("certificate", '    certificate_arns = { public = "not-an-arn" }', "var.certificate_arns"),
    ].join("\n");
    const result = runTerraformTest(module, "validation", test);
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toMatch(/Success! 6 passed, 0 failed/);
  });
});
