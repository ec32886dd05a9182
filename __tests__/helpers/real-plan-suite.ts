/**
 * The review report checked against the real provider: for one bundled config, settle a base
 * state with hashicorp/aws (offline, see real-plan.ts), then for each one-line change plan the
 * head with `-refresh=false` and require the report's create/update/replace/delete sets to equal
 * Terraform's. One base state per config, reused by all its changes; one test file per config so
 * the files run in parallel workers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSynthOutput } from "../../tools/review/load";
import { TAGS_ALL_TYPES } from "../../tools/review/replacement";
import { buildReport } from "../../tools/review/report";
import { AwsStub, startAwsStub } from "./aws-stub";
import { PlanAction, RealPlanWorkspace } from "./real-plan";
import { configFrom, removeSynthFolders, synthToDisk } from "./synth";
import { assertTerraformInstalled } from "./terraform";

const ROOT = join(__dirname, "..", "..");
/** Settling a base takes a few plans; each head one more. Generous for a busy two-core machine. */
const BASE_TIMEOUT_MS = 40 * 60_000;
const HEAD_TIMEOUT_MS = 15 * 60_000;

export interface Scenario {
  /** The change, as a reviewer would describe it. */
  readonly name: string;
  /** The one-line edit of the config's YAML. */
  readonly edit: (yaml: string) => string;
  /** Extra facts about Terraform's plan this scenario pins (address → action), beyond report = plan. */
  readonly expect?: Readonly<Record<string, PlanAction>>;
  /** Follow-on effects the report must state, as `address: text` substrings. */
  readonly followOn?: readonly string[];
}

/** Replace exactly one occurrence of `from` (a scenario whose edit matches nothing fails). */
export function once(yaml: string, from: string, to: string): string {
  const at = yaml.indexOf(from);
  if (at < 0 || yaml.indexOf(from, at + 1) >= 0) throw new Error(`scenario edit: "${from}" must occur exactly once`);
  return yaml.slice(0, at) + to + yaml.slice(at + from.length);
}

function sorted(m: ReadonlyMap<string, string>): string[] {
  return [...m.entries()].map(([a, x]) => `${x} ${a}`).sort();
}

export function realPlanSuite(configFile: string, scenarios: readonly Scenario[]): void {
  const yaml = readFileSync(join(ROOT, configFile), "utf8");
  let stub: AwsStub;
  let ws: RealPlanWorkspace;
  let baseDir: string;

  beforeAll(async () => {
    assertTerraformInstalled();
    stub = await startAwsStub();
    const [base] = synthToDisk(configFrom(yaml));
    baseDir = base.dir;
    ws = await RealPlanWorkspace.settled(stub, base.json);
  }, BASE_TIMEOUT_MS);

  afterAll(async () => {
    ws?.dispose();
    await stub?.close();
    removeSynthFolders();
  });

  test("the base state settles against the real provider, with data sources answered by the loopback stub", () => {
    expect(ws.settleRounds).toBeGreaterThan(1);
    // The AMI parameter is read at plan time only with `image.updatePolicy: follow-on-apply`;
    // the default `resolve:ssm:` launch template leaves it to EC2 at launch.
    const readsSsm = Object.keys(loadSynthOutput(baseDir).stacks[0].doc.data ?? {}).includes("aws_ssm_parameter");
    if (readsSsm) expect(stub.calls).toContain("SSM.GetParameter");
    else expect(stub.calls).not.toContain("SSM.GetParameter");
    expect(stub.calls.filter((c) => c.startsWith("unexpected"))).toEqual([]);
  });

  test("the review's tags_all list is the provider schema's, for every type the config emits", () => {
    const types = Object.keys(loadSynthOutput(baseDir).stacks[0].doc.resource ?? {});
    const withTagsAll = types.filter((t) => ws.schemas[t]?.block.attributes?.tags_all !== undefined);
    expect(types.filter((t) => TAGS_ALL_TYPES.has(t)).sort()).toEqual(withTagsAll.sort());
  });

  test.each(scenarios.map((s) => [s.name, s] as const))(
    "%s: the report's create/update/replace/delete sets equal terraform plan's",
    async (_name, scenario) => {
      const headYaml = scenario.edit(yaml);
      expect(headYaml).not.toBe(yaml);
      const head = synthToDisk(configFrom(headYaml));
      expect(head).toHaveLength(1);
      const terraform = await ws.planHeadActions(head[0].json);
      const report = buildReport(loadSynthOutput(baseDir), loadSynthOutput(head[0].dir));
      const reported = new Map(report.resources.map((r) => [r.address, r.action]));
      expect(sorted(reported)).toEqual(sorted(terraform));
      for (const [address, action] of Object.entries(scenario.expect ?? {})) expect(`${terraform.get(address)} ${address}`).toBe(`${action} ${address}`);
      const lines = report.resources.flatMap((r) => r.followOn.map((f) => `${r.address}: ${f}`));
      for (const f of scenario.followOn ?? []) expect(lines.join("\n")).toContain(f);
    },
    HEAD_TIMEOUT_MS,
  );
}
