/**
 * `--plan` (actions from Terraform's own plan) and `--format sarif` (the rule pack for code scanning).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../tools/review/cli";
import { loadSynthOutput } from "../../../tools/review/load";
import { applyPlan, pathText, TerraformPlan } from "../../../tools/review/plan-input";
import { buildReport } from "../../../tools/review/report";
import { findingsOf, toSarif } from "../../../tools/review/sarif";
import { allRules } from "../../../rules/all-rules";
import { configFrom, removeSynthFolders, synthToDisk } from "../../helpers/synth";

const ROOT = path.join(__dirname, "..", "..", "..");
const DEFAULT = fs.readFileSync(path.join(ROOT, "configs", "default.yaml"), "utf8");
/** `terraform show -json` of the real provider 5.100.0 planning the default config with `internal: true` against a settled state. */
const INTERNAL_PLAN = path.join(__dirname, "fixtures", "plans", "default-internal-alb.json");

function capture(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

afterAll(removeSynthFolders);

describe("--plan: actions from terraform show -json", () => {
  const base = synthToDisk(configFrom(DEFAULT))[0].dir;
  const head = synthToDisk(configFrom(DEFAULT.replace("  - name: public\n", "  - name: public\n    internal: true\n")))[0].dir;

  test("takes replace/update/delete from Terraform, with replace_paths as the reasons", () => {
    const r = capture(["--format", "json", "--plan", INTERNAL_PLAN, base, head]);
    expect(r.err).toBe("");
    const json = JSON.parse(r.out);
    expect(json.actionsFrom).toBe("terraform plan");
    expect(json.resources.map((x: { address: string; action: string }) => `${x.action} ${x.address}`)).toEqual([
      "replace aws_lb_listener_rule.svc-web_target-web-80_listener-rule",
      "replace aws_lb_listener.lb-public_http",
      "replace aws_lb.lb-public_alb",
    ]);
    expect(json.resources[1].causes).toEqual([{ path: "load_balancer_arn", old: expect.stringMatching(/^arn:aws:elasticloadbalancing:/), new: null, forcesReplacement: true }]);
    expect(json.summary).toMatchObject({ replace: 3, terraform: { add: 3, change: 0, destroy: 3 } });
  });

  test("keeps the consequences and the diagram, and agrees with the synth diff's own classification", () => {
    const withPlan = capture(["--plan", INTERNAL_PLAN, base, head]).out;
    expect(withPlan).toContain("_Actions are taken from `terraform plan`");
    expect(withPlan).toContain("| `aws_lb.lb-public_alb` | **replace** | the load balancer gets a new DNS name");
    expect(withPlan).toContain("class n_aws_lb_listener_lb_public_http,n_aws_lb_lb_public_alb,legend_replaced replaced");
    const own = buildReport(loadSynthOutput(base), loadSynthOutput(head));
    expect(own.resources.map((x) => `${x.action} ${x.address}`)).toEqual([
      "replace aws_lb_listener_rule.svc-web_target-web-80_listener-rule",
      "replace aws_lb_listener.lb-public_http",
      "replace aws_lb.lb-public_alb",
    ]);
  });

  test("adds what only Terraform knows and drops what Terraform leaves alone", () => {
    const plan: TerraformPlan = {
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_ecs_cluster.cluster",
          mode: "managed",
          type: "aws_ecs_cluster",
          change: { actions: ["update"], before: { setting: [] }, after: { setting: [{ name: "containerInsights" }] } },
        },
        { address: "aws_iam_role.r", mode: "managed", type: "aws_iam_role", change: { actions: ["no-op"] } },
        { address: "data.aws_ssm_parameter.ami", mode: "data", type: "aws_ssm_parameter", change: { actions: ["read"] } },
      ],
    };
    const classified = new Map([["aws_iam_role.r", { address: "aws_iam_role.r", type: "aws_iam_role", stack: "demo", action: "replace" as const, causes: [] }]]);
    applyPlan(classified, plan, "", "demo");
    expect([...classified.values()]).toEqual([
      {
        address: "aws_ecs_cluster.cluster",
        type: "aws_ecs_cluster",
        stack: "demo",
        action: "update",
        causes: [{ path: "setting", old: "[]", new: '[{"name":"containerInsights"}]', forcesReplacement: false }],
      },
    ]);
    expect(pathText(["load_balancer", 0, "target_group_arn"])).toBe("load_balancer[0].target_group_arn");
  });

  test("refuses a file that is not terraform show -json output, and a plan without a stack name for several stacks", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-plan-"));
    const bad = path.join(tmp, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ resources: [] }));
    expect(capture(["--plan", bad, base, head])).toEqual({
      code: 2,
      out: "",
      err: `review: ${bad} is not the output of \`terraform show -json <planfile>\` (no format_version / resource_changes)\n`,
    });
    expect(capture(["--plan", `other=${INTERNAL_PLAN}`, base, head]).err).toBe(`review: --plan other=${INTERNAL_PLAN}: no stack "other" in the head (stacks: demo)\n`);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});

describe("--format sarif: the rule pack's findings for code scanning", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-sarif-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const config = path.join(tmp, "forever.yaml");
  fs.writeFileSync(
    config,
    DEFAULT.replace("        portMappings:", "        portMappings:").concat(
      "    logs:\n      retentionInDays: 0\nsecurity:\n  suppressions:\n    - ruleId: ECS-EC2-CONTAINER-INSIGHTS\n      reason: insights cost more than they help here\n",
    ),
  );

  test("lists every rule of the pack and one result per finding, suppressed ones marked with their reason", () => {
    const findings = findingsOf(config);
    const sarif = toSarif(findings, "forever.yaml");
    expect(sarif.version).toBe("2.1.0");
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    const results = sarif.runs[0].results;
    expect(results.length).toBe(findings.length);
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    const retention = results.find((r) => r.ruleId === "ECS-EC2-LOG-RETENTION");
    expect(retention).toMatchObject({
      level: "warning",
      locations: [{ physicalLocation: { artifactLocation: { uri: "forever.yaml" } }, logicalLocations: [{ fullyQualifiedName: "aws_cloudwatch_log_group.svc-web_logs" }] }],
    });
    expect(retention!.suppressions).toBeUndefined();
  });

  test("writes SARIF from the CLI and explains a missing --config", () => {
    const out = path.join(tmp, "rules.sarif");
    expect(capture(["--format", "sarif", "--config", config, "--out", out])).toEqual({ code: 0, out: "", err: "" });
    const sarif = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === "ECS-EC2-LOG-RETENTION")).toBe(true);
    expect(capture(["--format", "sarif"]).err).toBe("review: --format sarif needs --config <config file>\n");
  });
});
