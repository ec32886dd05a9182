/**
 * `npm run envdiff`: two environments synthesized under one name, so only what their files
 * change is listed (instance sizes, counts, domains, accounts), and nothing derived from the name.
 */
import { join } from "node:path";
import { loadConfig } from "../../../config/load";
import { main, resolveEnvironment } from "../../../tools/envdiff/cli";
import { diffEnvironments } from "../../../tools/envdiff/envdiff";
import { minimalYaml } from "../../helpers/synth";
import { parseConfig } from "../../../config/load";

const ENVS = join(__dirname, "..", "..", "..", "configs", "examples", "envs");
const load = (name: string) => ({ label: name, config: loadConfig(join(ENVS, `${name}.yaml`)) });

describe("diffEnvironments", () => {
  const diff = diffEnvironments(load("dev"), load("prod"));
  const changes = diff.changed.flatMap((e) => e.changes.map((c) => `${e.address} ${c.path}: ${c.old} → ${c.new}`));

  test("shows the sizes, counts, domain and account the prod file changes", () => {
    expect(changes).toEqual(
      expect.arrayContaining([
        "aws_launch_template.capacity_launch-template instance_type: t3.medium → m6i.large",
        "aws_autoscaling_group.capacity_group max_size: 2 → 6",
        "aws_ecs_service.svc-web_service desired_count: 1 → 3",
        "aws_ecs_task_definition.svc-web_task container_definitions[0].memoryReservation: 256 → 512",
        "aws_lb_listener_rule.svc-web_target-web-80_listener-rule condition[1].host_header.values[0]: null → shop.example.com",
        "provider.aws [0].allowed_account_ids[0]: null → 123456789012",
      ]),
    );
  });

  test("nothing derived from the name or environment differs: no shop-dev or shop-prod anywhere", () => {
    expect(diff.comparedAs).toBe("shop");
    expect(changes.filter((c) => /shop-(dev|prod)\b/.test(c))).toEqual([]);
    expect(changes.filter((c) => / (name|family|function_name|name_prefix|bucket|key|path): /.test(c))).toEqual([]);
  });

  test("what only prod has: the worker dev removes, the HTTPS listener, the scaling policy", () => {
    expect(diff.onlyInFirst).toEqual([]);
    expect(diff.onlyInSecond.map((e) => e.address)).toEqual(
      expect.arrayContaining(["aws_ecs_service.svc-worker_service", "aws_lb_listener.lb-public_https", "aws_appautoscaling_policy.scaling-web_cpu"]),
    );
  });

  test("an environment compared with itself under another environment name has no differences", () => {
    const a = parseConfig(minimalYaml("environment: blue\n"), "blue.yaml");
    const b = parseConfig(minimalYaml("environment: green\n"), "green.yaml");
    const same = diffEnvironments({ label: "blue", config: a }, { label: "green", config: b });
    expect([same.changed, same.onlyInFirst, same.onlyInSecond]).toEqual([[], [], []]);
  });
});

describe("the command", () => {
  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { status, stdout: out.join(""), stderr: err.join("") };
  };

  test("names are looked up in --dir; the report is a Markdown table", () => {
    const result = run(["--dir", ENVS, "dev", "prod"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("| `aws_launch_template.capacity_launch-template` | `instance_type` | `t3.medium` | `m6i.large` |");
    expect(result.stdout).toMatch(/Only in prod:\n\n(- `.*`\n)*- `aws_ecs_service\.svc-worker_service`/);
  });

  test("a name without --dir, an unknown name and a bad config end with one line and status 2", () => {
    expect(() => resolveEnvironment("dev", undefined)).toThrow(/"dev" is a name, not a file: give --dir/);
    expect(run(["--dir", ENVS, "dev", "staging"])).toEqual({
      status: 2,
      stdout: "",
      stderr: expect.stringMatching(/^envdiff: no environment "staging" in .*envs \(looked for staging\.yaml/),
    });
    expect(run(["--dir", ENVS, "dev", join(ENVS, "missing.yaml")]).stderr).toMatch(/^envdiff: config error in .*missing\.yaml: 1 problem\n {2}- \(file\): does not exist/);
    expect(run(["dev"]).stderr).toBe("envdiff: expected two environments: <a> <b>\n");
  });
});
