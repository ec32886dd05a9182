/**
 * The review report on real synth output: the bundled default config as the base, and the same
 * config after a typical pull request (a bigger Docker volume, a new service on the shared load
 * balancer, the web container moved to port 8080) as the head.
 */
import { main } from "../../../tools/review/cli";
import { parseConfig } from "../../../config/load";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mermaidParse } from "../../helpers/mermaid";
import { removeSynthFolders, synthToDisk } from "../../helpers/synth";

const DEFAULT = readFileSync(join(__dirname, "..", "..", "..", "configs", "default.yaml"), "utf8");

/** The default config after the pull request described above. */
const CHANGED = DEFAULT.replace("sizeGiB: 50", "sizeGiB: 80")
  .replace("- containerPort: 80", "- containerPort: 8080")
  .concat(`  - name: api
    desiredCount: 2
    containers:
      - name: api
        image: public.ecr.aws/docker/library/httpd:2.4
        memoryReservation: 128
        portMappings:
          - containerPort: 80
    loadBalancer:
      name: public
      priority: 10
      pathPatterns: ["/api/*"]
`)
  .replace("    loadBalancer:\n      name: public\n", "    loadBalancer:\n      name: public\n      priority: 100\n");

afterAll(removeSynthFolders);

function review(format: "markdown" | "json", headYaml = CHANGED): string {
  const base = synthToDisk(parseConfig(DEFAULT, "default.yaml"))[0].dir;
  const head = synthToDisk(parseConfig(headYaml, "changed.yaml"))[0].dir;
  let out = "";
  let err = "";
  const code = main(["--format", format, base, head], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  expect(err).toBe("");
  expect(code).toBe(0);
  return out;
}

describe("review of a pull request on the bundled default config", () => {
  const markdown = review("markdown");
  const json = JSON.parse(review("json"));

  test("adds the new service, and a new target for the new port, and removes only the old port's target", () => {
    const added: string[] = json.added.map((a: { address: string }) => a.address);
    expect(added).toEqual(expect.arrayContaining(["aws_ecs_service.svc-api_service", "aws_ecs_task_definition.svc-api_task"]));
    expect(added.filter((a) => !a.includes("svc-api_") && !a.startsWith("output."))).toEqual([
      "aws_lb_listener_rule.svc-web_target-web-8080_listener-rule",
      "aws_lb_target_group.svc-web_target-web-8080_target-group",
    ]);
    expect(json.removed.map((r: { address: string }) => r.address)).toEqual([
      "aws_lb_listener_rule.svc-web_target-web-80_listener-rule",
      "aws_lb_target_group.svc-web_target-web-80_target-group",
    ]);
    expect(markdown).toMatch(/^\*\*10 to add, 3 to change, 1 to replace, 2 to destroy, 0 to move\*\* \(Terraform: `Plan: 11 to add, 3 to change, 3 to destroy`/m);
  });

  test("counts the web task definition change as a replacement that is a new revision", () => {
    expect(json.resources.filter((r: { action: string }) => r.action === "replace")).toEqual([
      expect.objectContaining({ address: "aws_ecs_task_definition.svc-web_task", newRevision: true }),
    ]);
    expect(markdown).toContain("1 replacement is a new task definition revision");
  });

  test("says the bigger Docker volume rolls every host through the Auto Scaling group's instance refresh", () => {
    expect(markdown).toContain(
      "- `aws_autoscaling_group.capacity_group`: every host is replaced by an instance refresh (Rolling, min healthy 100%, max healthy 200%, skip matching), started by the change to `launch_template`",
    );
  });

  test("shows the Docker volume change as old → new", () => {
    expect(markdown).toMatch(/block_device_mappings\[0\]\.ebs\.volume_size[^\n]*50[^\n]*80/);
  });

  test("warns of replacements when a change forces them: another VPC replaces target groups and security groups", () => {
    const moved = JSON.parse(review("json", DEFAULT.replace("vpc-0123456789abcdef0", "vpc-0fedcba9876543210")));
    const replaced = moved.replacements.map((r: { address: string; path: string }) => `${r.address} ${r.path}`);
    expect(replaced).toEqual(expect.arrayContaining(["aws_lb_target_group.svc-web_target-web-80_target-group vpc_id", "aws_security_group.capacity_security-group vpc_id"]));
  });

  test("is the sample shown in docs/review.md, word for word", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "..", "docs", "review.md"), "utf8");
    const sample = readme.split("Sample: the bundled default config (base)")[1]?.match(/````markdown\n([\s\S]*?)\n````/)?.[1];
    expect(sample).toBeDefined();
    expect(markdown.trim()).toBe(sample!.trim());
  });

  test("draws a diagram the real Mermaid parser accepts, with both services", () => {
    expect(json.diagram).toContain("ECS service api");
    expect(json.diagram).toContain("ECS service web");
    expect(mermaidParse([json.diagram])).toEqual([expect.objectContaining({ ok: true, type: "flowchart-v2" })]);
  });
});
