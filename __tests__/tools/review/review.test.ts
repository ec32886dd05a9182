import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../tools/review/cli";
import { diffBodies, diffSynth, flatten, MASK, withoutIgnoredChanges } from "../../../tools/review/diff";
import { loadSynthOutput, SynthOutput } from "../../../tools/review/load";
import { codeCell, renderMarkdown, shorten } from "../../../tools/review/markdown";
import { buildDiagram, escapeLabel, nodeId, references } from "../../../tools/review/mermaid";
import { customForceNew, FORCE_NEW, replacementsFor } from "../../../tools/review/replacement";
import { buildReport } from "../../../tools/review/report";
import { mermaidParse } from "../../helpers/mermaid";

const FIXTURES = path.join(__dirname, "fixtures");
const BASE = path.join(FIXTURES, "base");
const HEAD = path.join(FIXTURES, "head");
const SECRETS = ["hunter2-base-secret", "hunter2-head-secret"];

function capture(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function synth(stacks: Record<string, object>): SynthOutput {
  return {
    root: "(memory)",
    stacks: Object.entries(stacks).map(([name, doc]) => ({ name, file: `${name}/cdk.tf.json`, doc: doc as never })),
  };
}

describe("flatten and diff", () => {
  it("flattens nested objects and lists to paths and ignores // metadata", () => {
    const leaves = flatten({
      "//": { metadata: { path: "x" } },
      root_block_device: [{ volume_size: 30, tags: { "kubernetes.io/role": "x" } }],
      empty: [],
    });
    expect([...leaves.keys()]).toEqual(["root_block_device[0].volume_size", 'root_block_device[0].tags["kubernetes.io/role"]', "empty"]);
  });

  it("diffs inside JSON strings (container_definitions, IAM policies)", () => {
    const policy = (action: string): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
    const changes = diffBodies({ policy: policy("ecs:RunTask") }, { policy: policy("ecs:*") });
    expect(changes).toEqual([{ path: "policy.Statement[0].Action", old: "ecs:RunTask", new: "ecs:*", masked: false }]);
  });

  it("masks secret-looking attribute names and secret environment entries", () => {
    const env = (v: string): string => JSON.stringify([{ name: "app", environment: [{ name: "API_TOKEN", value: v }] }]);
    const changes = diffBodies(
      { master_password: "old-pw", container_definitions: env("tok-1"), metadata_options: { http_tokens: "optional" } },
      { master_password: "new-pw", container_definitions: env("tok-2"), metadata_options: { http_tokens: "required" } },
    );
    expect(changes).toEqual([
      { path: "container_definitions[0].environment[0].value", old: MASK, new: MASK, masked: true },
      { path: "master_password", old: MASK, new: MASK, masked: true },
      { path: "metadata_options.http_tokens", old: "optional", new: "required", masked: false },
    ]);
  });

  it("finds added, removed, changed and moved resources in the fixtures", () => {
    const d = diffSynth(loadSynthOutput(BASE), loadSynthOutput(HEAD));
    expect(d.added.map((e) => e.address)).toEqual(["aws_scheduler_schedule.nightly_report", "output.cluster_name"]);
    expect(d.removed.map((e) => e.address)).toEqual(["aws_cloudwatch_log_group.legacy_logs"]);
    expect(d.moved).toEqual([{ from: "aws_iam_role.task_role", to: "aws_iam_role.task_execution_role", type: "aws_iam_role", stack: "demo", changes: [] }]);
    expect(d.changed.map((e) => e.address)).toEqual([
      "aws_autoscaling_group.asg",
      "aws_ecs_service.web",
      "aws_ecs_task_definition.web",
      "aws_launch_template.lt",
      "aws_lb_target_group.web_tg",
    ]);
    // The ASG's metadata path changed too, but only max_size is reported.
    expect(d.changed[0].changes).toEqual([{ path: "max_size", old: "4", new: "6", masked: false }]);
  });

  it("accepts a single stack directory as input", () => {
    const single = loadSynthOutput(path.join(BASE, "stacks", "demo"));
    expect(single.stacks.map((s) => s.name)).toEqual(["demo"]);
  });
});

describe("replacement table", () => {
  const c = (p: string) => [{ path: p, old: "a", new: "b", masked: false }];
  it("flags ForceNew attributes of the project's resource types", () => {
    expect(replacementsFor("aws_lb_target_group", c("port"))).toHaveLength(1);
    expect(replacementsFor("aws_lb_target_group", c("health_check.path"))).toEqual([]);
    expect(replacementsFor("aws_launch_configuration", c("image_id"))).toHaveLength(1);
    expect(replacementsFor("aws_ecs_capacity_provider", c("auto_scaling_group_provider[0].auto_scaling_group_arn"))).toHaveLength(1);
    expect(replacementsFor("aws_ecs_capacity_provider", c("auto_scaling_group_provider.managed_scaling.target_capacity"))).toEqual([]);
    expect(replacementsFor("aws_ecs_task_definition", c("container_definitions[0].image"))).toHaveLength(1);
    expect(replacementsFor("aws_ecs_task_definition", c("tags.Team"))).toEqual([]);
    expect(replacementsFor("aws_launch_template", c("instance_type"))).toEqual([]);
    expect(replacementsFor("aws_launch_template", c("name"))).toHaveLength(1);
    expect(replacementsFor("aws_ecs_service", c("depends_on[0]"))).toEqual([]);
    expect(replacementsFor("aws_ecs_service", c("cluster"))).toHaveLength(1);
    expect(replacementsFor("aws_vpc_security_group_ingress_rule", c("security_group_id"))).toHaveLength(1);
    expect(replacementsFor("aws_vpc_security_group_ingress_rule", c("from_port"))).toEqual([]);
    expect(replacementsFor("aws_sns_topic_subscription", c("endpoint"))).toHaveLength(1);
    expect(replacementsFor("aws_lambda_permission", c("source_arn"))).toHaveLength(1);
  });

  it("has no entry for the 6.x-only capacity provider `cluster` argument", () => {
    expect(FORCE_NEW.aws_ecs_capacity_provider.forceNew).not.toContain("cluster");
  });

  it("covers every resource type the constructs and stacks can emit", () => {
    // Every provider binding the project uses is imported through the framework seam.
    const seam = fs.readFileSync(path.join(__dirname, "..", "..", "..", "framework", "provider-aws.ts"), "utf8");
    const types = new Set([...seam.matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)"/g)].map((m) => `aws_${m[1].replace(/-/g, "_")}`));
    // Not resources: the provider and data sources (read, never replaced).
    for (const t of [...types]) if (t === "aws_provider" || t.startsWith("aws_data_")) types.delete(t);
    expect(types.size).toBeGreaterThan(30);
    expect([...types].filter((t) => !(t in FORCE_NEW)).sort()).toEqual([]);
  });

  // ecs/service.go capacityProviderStrategyCustomizeDiff (provider 5.x)
  it("replaces an ECS service whose capacity provider strategy changes, unless force_new_deployment and both non-empty", () => {
    const strategy = (cp: string) => ({ capacity_provider_strategy: [{ capacity_provider: cp, weight: 1 }] });
    const path0 = "capacity_provider_strategy[0].capacity_provider";
    expect(customForceNew("aws_ecs_service", path0, strategy("a"), strategy("b"))).toBe(true);
    expect(customForceNew("aws_ecs_service", path0, strategy("a"), { ...strategy("b"), force_new_deployment: true })).toBe(false);
    expect(customForceNew("aws_ecs_service", "capacity_provider_strategy", {}, { ...strategy("b"), force_new_deployment: true })).toBe(true);
    expect(customForceNew("aws_ecs_service", "desired_count", {}, {})).toBe(false);
  });
});

describe("replacement cascades through references", () => {
  const stack = (resources: object) => synth({ s: { resource: resources } });
  const lb = (internal: boolean) => ({
    aws_lb: { alb: { name: "x", internal } },
    aws_lb_listener: { http: { load_balancer_arn: "${aws_lb.alb.arn}", port: 80 } },
    aws_lb_listener_rule: { r: { listener_arn: "${aws_lb_listener.http.arn}", priority: 10 } },
    aws_ecs_service: { svc: { name: "web", load_balancer: [{ target_group_arn: "${aws_lb_target_group.tg.arn}" }] } },
    aws_lb_target_group: { tg: { name: "tg", port: 80, vpc_id: "vpc-1" } },
    aws_route53_record: { dns: { alias: { name: "${aws_lb.alb.dns_name}" } } },
  });

  it("replaces the listener and its rules with the load balancer, and updates what reads its DNS name", () => {
    const r = buildReport(stack(lb(false)), stack(lb(true)));
    const actions = Object.fromEntries(r.resources.map((x) => [x.address, x.action]));
    expect(actions).toEqual({
      "aws_lb.alb": "replace",
      "aws_lb_listener.http": "replace",
      "aws_lb_listener_rule.r": "replace",
      "aws_route53_record.dns": "update",
    });
    expect(r.summary).toMatchObject({ replace: 3, change: 1, terraform: { add: 3, change: 1, destroy: 3 } });
    const listener = r.resources.find((x) => x.address === "aws_lb_listener.http")!;
    expect(listener.causes).toEqual([
      { path: "load_balancer_arn", old: null, new: null, forcesReplacement: true, via: { address: "aws_lb.alb", attribute: "arn", action: "replace" } },
    ]);
  });

  it("leaves references to configured values alone: a replaced role with a fixed name keeps its name", () => {
    const roles = (p: string) => ({
      aws_iam_role: { r: { name: "fixed", path: p } },
      aws_iam_role_policy_attachment: { a: { role: "${aws_iam_role.r.name}", policy_arn: "arn:aws:iam::aws:policy/x" } },
      aws_ecs_task_definition: { t: { family: "f", task_role_arn: "${aws_iam_role.r.arn}" } },
    });
    const r = buildReport(stack(roles("/")), stack(roles("/ecs/")));
    expect(Object.fromEntries(r.resources.map((x) => [x.address, x.action]))).toEqual({
      "aws_iam_role.r": "replace",
      "aws_ecs_task_definition.t": "replace",
    });
    expect(r.summary.newRevisions).toBe(1);
  });

  it("rolls every host when a launch template change reaches the Auto Scaling group through latest_version", () => {
    const hosts = (type: string) => ({
      aws_launch_template: { lt: { name_prefix: "h-", instance_type: type } },
      aws_autoscaling_group: {
        asg: {
          name_prefix: "h-",
          launch_template: { id: "${aws_launch_template.lt.id}", version: "${aws_launch_template.lt.latest_version}" },
          instance_refresh: { strategy: "Rolling", preferences: { min_healthy_percentage: 90, max_healthy_percentage: 100, skip_matching: true } },
        },
      },
    });
    const r = buildReport(stack(hosts("m6i.large")), stack(hosts("m6i.xlarge")));
    const asg = r.resources.find((x) => x.address === "aws_autoscaling_group.asg")!;
    expect(asg.action).toBe("update");
    expect(asg.followOn).toEqual([
      "every host is replaced by an instance refresh (Rolling, min healthy 90%, max healthy 100%, skip matching), started by the change to `launch_template`",
    ]);
    expect(renderMarkdown(r)).toContain("### Follow-on effects");
  });

  it("updates every tags_all on a provider default_tags change, without a new launch template version", () => {
    const doc = (team: string) => ({
      provider: { aws: [{ default_tags: [{ tags: { team } }] }] },
      resource: {
        aws_launch_template: { lt: { name_prefix: "h-", instance_type: "m6i.large" } },
        aws_autoscaling_group: { asg: { name_prefix: "h-", launch_template: { id: "${aws_launch_template.lt.id}", version: "${aws_launch_template.lt.latest_version}" } } },
        aws_ecs_cluster: { c: { name: "demo" } },
      },
    });
    const r = buildReport(synth({ s: doc("a") }), synth({ s: doc("b") }));
    expect(r.resources.map((x) => `${x.action} ${x.address}`)).toEqual(["update aws_ecs_cluster.c", "update aws_launch_template.lt"]);
    expect(r.resources[0].causes).toEqual([
      { path: "tags_all", old: null, new: null, via: { address: "provider.aws", attribute: "default_tags", action: "update" }, forcesReplacement: false },
    ]);
  });

  it("rolls every host on a tag change when the refresh is triggered by tags, and says so only then", () => {
    const group = (rollout: string, triggers?: string[]) => ({
      aws_autoscaling_group: {
        asg: {
          name_prefix: "h-",
          tag: [{ key: "ecs-ec2:rollout", value: rollout, propagate_at_launch: true }],
          instance_refresh: { strategy: "Rolling", ...(triggers ? { triggers } : {}) },
        },
      },
    });
    const withTrigger = buildReport(stack(group("1", ["tag"])), stack(group("2", ["tag"])));
    expect(withTrigger.resources[0]).toMatchObject({ action: "update", followOn: [expect.stringContaining("every host is replaced by an instance refresh (Rolling)")] });
    const without = buildReport(stack(group("1")), stack(group("2")));
    expect(without.resources[0]).toMatchObject({ action: "update", followOn: [] });
  });

  it("reports a stack rename as a new state file with the old one orphaned, not as destroys", () => {
    const doc = (name: string) => ({
      terraform: { backend: { local: { path: `../../../terraform.${name}.tfstate` } } },
      resource: { aws_ecs_cluster: { c: { name: "x" } }, aws_cloudwatch_log_group: { l: { name: "/x" } } },
    });
    const r = buildReport(synth({ demo: doc("demo") }), synth({ prod: doc("prod") }));
    expect(r.summary).toMatchObject({ add: 2, destroy: 0, replace: 0 });
    expect(r.stateFiles).toEqual([
      {
        orphaned: { stack: "demo", location: "local terraform.demo.tfstate", resources: 2 },
        created: { stack: "prod", location: "local terraform.prod.tfstate", resources: 2 },
      },
    ]);
    expect(renderMarkdown(r)).toContain("The old state (`local terraform.demo.tfstate`) is orphaned");
  });

  it("asks for the e-mail confirmation again when an e-mail subscription is re-created", () => {
    const sub = (topic: string) => ({
      aws_sns_topic: { t: { name: topic } },
      aws_sns_topic_subscription: { s: { topic_arn: "${aws_sns_topic.t.arn}", protocol: "email", endpoint: "ops@example.com" } },
    });
    const r = buildReport(stack(sub("alerts")), stack(sub("alerts-2")));
    const s = r.resources.find((x) => x.address === "aws_sns_topic_subscription.s")!;
    expect(s.action).toBe("replace");
    expect(s.consequence).toContain("confirmed");
    expect(s.followOn[0]).toContain("ops@example.com must confirm the subscription");
    // Risky replacements come first.
    expect(r.resources.map((x) => x.address)).toEqual(["aws_sns_topic_subscription.s", "aws_sns_topic.t"]);
  });
});

describe("report on the fixtures", () => {
  const report = buildReport(loadSynthOutput(BASE), loadSynthOutput(HEAD));
  const md = renderMarkdown(report);

  it("counts like terraform plan: replacements once each, the task definition among them", () => {
    expect(report.summary).toEqual({
      add: 1,
      change: 4,
      replace: 2,
      destroy: 1,
      move: 1,
      newRevisions: 1,
      other: 1,
      terraform: { add: 3, change: 4, destroy: 3 },
    });
    expect(md).toContain("**1 to add, 4 to change, 2 to replace, 1 to destroy, 1 to move** (Terraform: `Plan: 3 to add, 4 to change, 3 to destroy`");
  });

  it("lists risky replacements and destroys first, with their consequence", () => {
    const section = md.slice(md.indexOf("### ⚠ Destroys and replacements"), md.indexOf("### Replacements"));
    expect(section).toContain("| `aws_lb_target_group.web_tg` | **replace** | its targets are deregistered");
    expect(section).toContain("| `aws_cloudwatch_log_group.legacy_logs` | **destroy** | its stored log events in /ecs/demo/legacy are deleted with it |");
    expect(report.replacements.map((r) => `${r.address} ${r.path}`)).toEqual([
      "aws_lb_target_group.web_tg port",
      "aws_ecs_task_definition.web container_definitions[0].environment[0].value",
      "aws_ecs_task_definition.web container_definitions[0].image",
    ]);
  });

  it("updates what references a replaced resource: the listener and the service follow the target group", () => {
    const updated = report.resources.filter((r) => r.action === "update").map((r) => r.address);
    expect(updated).toEqual(["aws_autoscaling_group.asg", "aws_ecs_service.web", "aws_launch_template.lt", "aws_lb_listener.http"]);
    expect(md).toContain("- `aws_ecs_service.web`: the service redeploys");
  });

  it("has Added, Changed, Removed and Moved rows", () => {
    expect(md).toContain("| `aws_scheduler_schedule.nightly_report` | `aws_scheduler_schedule` |");
    expect(md).toContain(
      "| `aws_ecs_task_definition.web` | **replace** | `container_definitions[0].image` | `public.ecr.aws/nginx/nginx:1.25` → `public.ecr.aws/nginx/nginx:1.27` |",
    );
    expect(md).toContain("| `aws_ecs_service.web` | update in place | `desired_count` | `2` → `3` |");
    expect(md).toContain("| `aws_launch_template.lt` | update in place | `block_device_mappings[0].ebs.volume_size` | `30` → `40` |");
    expect(md).toContain("| `aws_cloudwatch_log_group.legacy_logs` | `aws_cloudwatch_log_group` |");
    expect(md).toContain("| `aws_iam_role.task_role` | `aws_iam_role.task_execution_role` | 0 |");
    expect(md).not.toMatch(/aws_iam_role\.task_role` \| `aws_iam_role` \|/); // not destroyed
  });

  it("never prints the masked secret", () => {
    expect(md).toContain("| `container_definitions[0].environment[0].value` | `(masked)` → `(masked)` |");
    const json = JSON.stringify(report);
    for (const secret of SECRETS) {
      expect(md).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
  });

  it("is deterministic and sorted by address", () => {
    expect(renderMarkdown(buildReport(loadSynthOutput(BASE), loadSynthOutput(HEAD)))).toBe(md);
    const addrs = report.changed.map((c) => c.address);
    expect([...addrs].sort()).toEqual(addrs);
  });

  it("draws the head architecture with added and replaced resources marked", () => {
    const d = report.diagram;
    expect(d.startsWith("flowchart LR\n")).toBe(true);
    for (const edge of [
      "n_aws_lb_web_alb --> n_aws_lb_listener_http",
      "n_aws_lb_listener_http --> n_aws_lb_target_group_web_tg",
      "n_aws_lb_target_group_web_tg --> n_aws_ecs_service_web",
      "n_aws_ecs_service_web --> n_aws_ecs_cluster_cluster",
      "n_aws_ecs_cluster_cluster --> n_aws_ecs_capacity_provider_cp",
      "n_aws_ecs_capacity_provider_cp --> n_aws_autoscaling_group_asg",
      'n_aws_scheduler_schedule_nightly_report -.->|"runs task"| n_aws_ecs_cluster_cluster',
    ]) {
      expect(d).toContain(edge);
    }
    expect(d).toContain("class n_aws_scheduler_schedule_nightly_report,legend_added added");
    expect(d).toContain("class n_aws_lb_target_group_web_tg,legend_replaced replaced");
    expect(d).toContain('legend_replaced["replaced #40;destroyed and re-created#41;"]');
    expect(d).toContain("n_aws_autoscaling_group_asg --> n_aws_launch_template_lt");
    expect(md).toContain("```mermaid\nflowchart LR\n");
  });
});

describe("mermaid helpers", () => {
  it("sanitizes node ids and escapes labels", () => {
    expect(nodeId("prod-eu.aws_lb.web alb")).toBe("n_prod_eu_aws_lb_web_alb");
    expect(nodeId("end")).toBe("n_end");
    expect(escapeLabel('say "hi" [x] (y) {z} <b> a|b #1')).toBe("say #34;hi#34; #91;x#93; #40;y#41; #123;z#125; #60;b#62; a#124;b #35;1");
    expect(escapeLabel("a\nb")).toBe("a b");
  });

  it("keeps node ids unique when addresses sanitize alike", () => {
    const d = buildDiagram(diffSynth(synth({}), synth({ s: { resource: { aws_ecs_cluster: { "a-b": { name: "x" }, a_b: { name: "y" } } } } })).headEntries);
    const ids = d
      .split("\n")
      .slice(1, 3)
      .map((l) => l.trim().split("[")[0])
      .sort();
    expect(ids).toEqual(["n_aws_ecs_cluster_a_b", "n_aws_ecs_cluster_a_b_2"]);
  });

  it("extracts references from interpolations only", () => {
    expect(references({ a: ["${aws_lb_target_group.web_tg.arn}", "aws_lb.not_a_ref"], b: "${data.aws_lb.x.arn}" })).toEqual([{ type: "aws_lb_target_group", name: "web_tg" }]);
  });
});

describe("real Mermaid parser", () => {
  const nasty = synth({
    demo: {
      resource: {
        aws_lb: { "we-ird_alb": { name: 'alb "quoted" [x] {y} <z> | #;' } },
        aws_lb_listener: {
          end: { load_balancer_arn: "${aws_lb.we-ird_alb.arn}", port: 443, protocol: "HTTPS", default_action: [{ type: "fixed-response" }] },
        },
        aws_lb_target_group: { "tg-1": { name: "tg(1)", port: 80 } },
        aws_autoscaling_group: { asg: { name_prefix: "demo-" } },
        aws_lb_listener_rule: {
          api: { listener_arn: "${aws_lb_listener.end.arn}", priority: 10, action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.tg-1.arn}" }] },
        },
      },
    },
  });
  const twoStacks = buildReport(
    synth({ a: JSON.parse(fs.readFileSync(path.join(BASE, "stacks/demo/cdk.tf.json"), "utf8")), b: { resource: { aws_ecs_cluster: { c: { name: "b" } } } } }),
    synth({ a: JSON.parse(fs.readFileSync(path.join(HEAD, "stacks/demo/cdk.tf.json"), "utf8")), b: { resource: { aws_ecs_cluster: { c: { name: "b" } } } } }),
  );
  const fixtureDiagram = buildReport(loadSynthOutput(BASE), loadSynthOutput(HEAD)).diagram;
  const withTarget = (extra: object) => ({
    resource: {
      aws_lb: { alb: { name: "a", internal: false } },
      aws_lb_listener: { http: { load_balancer_arn: "${aws_lb.alb.arn}", port: 80, default_action: [{ target_group_arn: "${aws_lb_target_group.old.arn}" }] } },
      ...extra,
    },
  });
  const removedDiagram = buildReport(synth({ s: withTarget({ aws_lb_target_group: { old: { name: "old", port: 80 } } }) }), synth({ s: withTarget({}) })).diagram;
  const nastyDiagram = buildDiagram(diffSynth(synth({}), nasty).headEntries);
  const emptyDiagram = buildDiagram([]);
  const broken = ['flowchart LR\n  a["unclosed --> b', "flowchart LR\n  a --> end", fixtureDiagram.replace("-->", "--> -->|")];
  let results: ReturnType<typeof mermaidParse>;
  beforeAll(() => {
    results = mermaidParse([fixtureDiagram, nastyDiagram, twoStacks.diagram, emptyDiagram, removedDiagram, ...broken]);
  });

  it("accepts the generated diagrams", () => {
    expect(nastyDiagram).toContain('-->|"rule 10"|');
    expect(nastyDiagram).toContain('n_aws_autoscaling_group_asg["Auto Scaling group demo-*"]');
    expect(nastyDiagram).toContain("n_aws_lb_listener_end[");
    expect(twoStacks.diagram).toContain('subgraph n_stack_a["stack a"]');
    expect(twoStacks.changed.map((c) => c.address)).toContain("a.aws_lb_target_group.web_tg");
    expect(twoStacks.moved[0]).toMatchObject({ from: "a.aws_iam_role.task_role", to: "a.aws_iam_role.task_execution_role" });
    expect(removedDiagram).toContain('n_aws_lb_target_group_old["Target group old :80"]');
    expect(removedDiagram).toContain("n_aws_lb_listener_http --> n_aws_lb_target_group_old");
    expect(removedDiagram).toContain("classDef removed fill:#f6f8fa,stroke:#cf222e,color:#656d76,stroke-dasharray:5 5");
    expect(removedDiagram).toContain("class n_aws_lb_target_group_old,legend_removed removed");
    expect(removedDiagram).toContain('legend_removed["destroyed"]');
    expect(results.slice(0, 5)).toEqual(Array(5).fill({ ok: true, type: "flowchart-v2" }));
  });

  it("rejects broken diagrams (the parser really checks)", () => {
    for (const r of results.slice(5)) {
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/Parse error|error/i);
    }
  });
});

describe("cli main()", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-test-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("writes the markdown report for two synth directories", () => {
    const r = capture([BASE, HEAD]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("**1 to add, 4 to change, 2 to replace, 1 to destroy, 1 to move**");
    expect(r.out).toContain("```mermaid");
  });

  it("writes JSON with --format json --out FILE", () => {
    const file = path.join(tmp, "report.json");
    const r = capture(["--format", "json", "--out", file, "--", BASE, HEAD]);
    expect(r).toEqual({ code: 0, out: "", err: "" });
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(Object.keys(json).sort()).toEqual(["actionsFrom", "added", "changed", "diagram", "moved", "removed", "replacements", "resources", "stateFiles", "summary"]);
    expect(json.summary.replace).toBe(2);
    for (const secret of SECRETS) expect(JSON.stringify(json)).not.toContain(secret);
  });

  it("exits 2 with a one-line message for a missing directory", () => {
    const missing = path.join(tmp, "nope");
    const r = capture([BASE, missing]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(`review: directory not found: ${missing}\n`);
  });

  it("exits 2 when a directory holds no cdk.tf.json, and on bad arguments", () => {
    const r = capture([tmp, HEAD]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^review: no cdk\.tf\.json found in .*\n$/);
    expect(capture([BASE]).code).toBe(2);
    expect(capture(["--format", "xml", BASE, HEAD]).err).toBe('review: unknown format "xml" (expected markdown, json or sarif)\n');
    expect(capture(["--bogus", BASE, HEAD]).code).toBe(2);
    expect(capture(["--help"]).out).toContain("Usage: npm run review");
    expect(capture(["--git", "HEAD"]).err).toBe("review: expected two git refs: --git <baseRef> <headRef>\n");
  });

  it("exits 2 for an unknown git ref", () => {
    const r = capture(["--git", "no-such-ref-for-review", "HEAD"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("review: unknown git ref: no-such-ref-for-review\n");
  });
});

describe("markdown cells", () => {
  it("shortens long values and escapes pipes", () => {
    expect(shorten("x".repeat(100))).toHaveLength(80);
    expect(shorten("x".repeat(100)).endsWith("…")).toBe(true);
    expect(codeCell("a|b\nc`d")).toBe("`a\\|b c'd`");
  });
});

// Terraform keeps an ignored attribute's value in state on update:
// https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#ignore_changes
describe("lifecycle.ignore_changes", () => {
  const change = (path: string) => ({ path, old: "1", new: "2", masked: false });
  test("a change to an ignored attribute is no change, as in terraform plan (scheduled scaling owns min/max)", () => {
    const body = { max_capacity: 2, min_capacity: 1, lifecycle: { ignore_changes: ["min_capacity", "max_capacity"] } };
    expect(withoutIgnoredChanges([change("max_capacity"), change("resource_id")], body)).toEqual([change("resource_id")]);
  });
  test("ignore_changes = all leaves nothing to update; no lifecycle leaves every change", () => {
    expect(withoutIgnoredChanges([change("task_definition")], { lifecycle: { ignore_changes: "all" } })).toEqual([]);
    expect(withoutIgnoredChanges([change("task_definition")], { task_definition: "x" })).toEqual([change("task_definition")]);
  });
});
