/**
 * Plans synthesized stacks with the real hashicorp/aws provider, offline, to learn what Terraform
 * itself would replace, update or destroy.
 *
 * For a base stack: plan against an empty state, write the planned values as a state file (state
 * format v4, unknown values filled with realistic ones: ARN-shaped ARNs, `sg-…` ids, `HTTP1`), and
 * re-plan with `-refresh=false` until the plan is empty — each round resolves one more level of
 * references (an ALB's ARN reaching its listener's `load_balancer_arn`). Then each head stack is
 * planned against that settled state with `-refresh=false`; `terraform show -json` gives
 * `resource_changes[].change.actions` and `replace_paths`.
 *
 * No AWS account is needed: fake keys with the provider's skip_* settings, and `endpoints` for SSM
 * and STS pointed at a loopback stub (aws-stub.ts) for the data sources.
 * Provider settings: https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs#argument-reference
 * State format: https://developer.hashicorp.com/terraform/internals/json-format (plan/values) and
 * terraform's internal/states/statefile/version4.go (the file layout written here).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { AwsStub, STUB_ACCOUNT_ID } from "./aws-stub";
import { MIRROR_ENV } from "./terraform";

const run = promisify(execFile);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ResourceChange {
  address: string;
  previous_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  provider_name: string;
  change: {
    actions: string[];
    before: Json;
    after: Json;
    after_unknown: Json;
    replace_paths?: Array<Array<string | number>>;
  };
}

export interface PlanJson {
  format_version: string;
  resource_changes?: ResourceChange[];
  configuration?: {
    root_module?: { resources?: Array<{ address: string; mode: string; provider_config_key?: string; expressions?: JsonObject }> };
  };
  [key: string]: unknown;
}

/** One planned resource as the review report sees it: create, update, replace or delete. */
export type PlanAction = "create" | "update" | "replace" | "delete";

/** Terraform's action per managed resource address (no-ops and reads left out). */
export function planActions(plan: PlanJson): Map<string, PlanAction> {
  const out = new Map<string, PlanAction>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const a = rc.change.actions.join(",");
    if (a === "create") out.set(rc.address, "create");
    else if (a === "update") out.set(rc.address, "update");
    else if (a === "delete") out.set(rc.address, "delete");
    else if (a === "delete,create" || a === "create,delete") out.set(rc.address, "replace");
  }
  return out;
}

/** Provider schema subset used to fill unknown values with values of the right type. */
interface SchemaBlock {
  attributes?: Record<string, { type?: Json; computed?: boolean; optional?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}
export interface ResourceSchema {
  version: number;
  block: SchemaBlock;
}

const PROVIDER = "registry.terraform.io/hashicorp/aws";
const REGION = "eu-west-1";
const COMMAND_TIMEOUT_MS = 300_000;

let cliConfig: string | undefined;

/** Our own CLI config: the filesystem mirror when TF_PROVIDER_MIRROR is set, the registry otherwise. */
function cliConfigFile(): string {
  if (cliConfig) return cliConfig;
  const mirror = process.env[MIRROR_ENV];
  const body = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`
    : "";
  // One file per content, shared by the test files (written atomically; never left to pile up).
  cliConfig = join(tmpdir(), `review-real-plan-${hex(body, 12)}.tfrc`);
  const tmp = `${cliConfig}.${process.pid}`;
  writeFileSync(tmp, body);
  renameSync(tmp, cliConfig);
  return cliConfig;
}

async function terraform(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("terraform", args, {
      cwd: dir,
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile(), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      maxBuffer: 256 * 1024 * 1024,
      timeout: COMMAND_TIMEOUT_MS,
    });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(" ")} failed in ${dir}:\n${err.stderr ?? ""}${err.stdout ?? ""}`.slice(0, 8000));
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The `(service, resource)` part of a realistic ARN per resource type. */
function arnFor(type: string, address: string, known: JsonObject): string {
  const name = String(known.name ?? known.family ?? known.function_name ?? known.alarm_name ?? address.split(".")[1]);
  const h = hex(address, 16);
  const r = `${REGION}:${STUB_ACCOUNT_ID}`;
  switch (type) {
    case "aws_lb":
      return `arn:aws:elasticloadbalancing:${r}:loadbalancer/${known.load_balancer_type === "network" ? "net" : "app"}/${name}/${h}`;
    case "aws_lb_listener":
      return `arn:aws:elasticloadbalancing:${r}:listener/app/lb/${h}/${hex(`${address}/l`, 16)}`;
    case "aws_lb_listener_rule":
      return `arn:aws:elasticloadbalancing:${r}:listener-rule/app/lb/${h}/${hex(`${address}/l`, 16)}/${hex(`${address}/r`, 16)}`;
    case "aws_lb_target_group":
      return `arn:aws:elasticloadbalancing:${r}:targetgroup/${name}/${h}`;
    case "aws_ecs_cluster":
      return `arn:aws:ecs:${r}:cluster/${name}`;
    case "aws_ecs_service":
      return `arn:aws:ecs:${r}:service/cluster/${name}`;
    case "aws_ecs_task_definition":
      return `arn:aws:ecs:${r}:task-definition/${name}:1`;
    case "aws_ecs_capacity_provider":
      return `arn:aws:ecs:${r}:capacity-provider/${name}`;
    case "aws_iam_role":
      return `arn:aws:iam::${STUB_ACCOUNT_ID}:role${known.path ?? "/"}${name}`;
    case "aws_iam_instance_profile":
      return `arn:aws:iam::${STUB_ACCOUNT_ID}:instance-profile${known.path ?? "/"}${name}`;
    case "aws_iam_service_linked_role":
      return `arn:aws:iam::${STUB_ACCOUNT_ID}:role/aws-service-role/${known.aws_service_name ?? "service"}/${name}`;
    case "aws_autoscaling_group":
      return `arn:aws:autoscaling:${r}:autoScalingGroup:${hex(address, 8)}-0000-4000-8000-${hex(address, 12)}:autoScalingGroupName/${name}`;
    case "aws_launch_template":
      return `arn:aws:ec2:${r}:launch-template/lt-0${hex(address, 16)}`;
    case "aws_security_group":
      return `arn:aws:ec2:${r}:security-group/sg-0${hex(address, 16)}`;
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule":
      return `arn:aws:ec2:${r}:security-group-rule/sgr-0${hex(address, 16)}`;
    case "aws_cloudwatch_log_group":
      return `arn:aws:logs:${r}:log-group:${name}`;
    case "aws_lambda_function":
      return `arn:aws:lambda:${r}:function:${name}`;
    case "aws_sns_topic":
      return `arn:aws:sns:${r}:${name}`;
    case "aws_sns_topic_subscription":
      return `arn:aws:sns:${r}:topic:${hex(address, 8)}-0000-4000-8000-${hex(address, 12)}`;
    case "aws_cloudwatch_event_rule":
      return `arn:aws:events:${r}:rule/${name}`;
    case "aws_scheduler_schedule":
      return `arn:aws:scheduler:${r}:schedule/default/${name}`;
    case "aws_cloudwatch_metric_alarm":
      return `arn:aws:cloudwatch:${r}:alarm:${name}`;
    default:
      return `arn:aws:${type.split("_")[1]}:${r}:${type.replace(/^aws_/, "")}/${name}`;
  }
}

/** Resource types whose `id` is their ARN in provider 5.x. */
const ID_IS_ARN = new Set([
  "aws_lb",
  "aws_lb_listener",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_ecs_cluster",
  "aws_ecs_service",
  "aws_ecs_capacity_provider",
  "aws_sns_topic",
  "aws_sns_topic_subscription",
]);

/** Computed values AWS returns for attributes this project leaves unset (realistic, not random). */
const REALISTIC: Readonly<Record<string, Json>> = {
  protocol_version: "HTTP1",
  ip_address_type: "ipv4",
  load_balancing_algorithm_type: "round_robin",
  load_balancing_anomaly_mitigation: "off",
  load_balancing_cross_zone_enabled: "use_load_balancer_configuration",
  owner_id: STUB_ACCOUNT_ID,
  zone_id: "Z32O12XQLNTSW2",
  platform_version: "",
  log_group_class: "STANDARD",
  launch_type: "EC2",
  latest_version: 1,
  default_version: 1,
  revision: 1,
};

interface FillContext {
  type: string;
  address: string;
  known: JsonObject;
  /** The value another resource's attribute has in the state being built, for `aws_x.y.attr` references. */
  lookup(reference: string): Json | undefined;
}

/** The value of an expression that is exactly one reference to a managed resource's attribute. */
function referenced(expr: Json | undefined, ctx: FillContext): Json | undefined {
  if (!isObject(expr) || !Array.isArray(expr.references)) return undefined;
  const attrs = expr.references.filter((r): r is string => typeof r === "string" && /^aws_[a-z0-9_]+\.[^.]+\.[a-z0-9_]+$/.test(r));
  return attrs.length === 1 ? ctx.lookup(attrs[0]) : undefined;
}

/** A value of cty type `t` for the unknown attribute `name`. */
function fillValue(name: string, t: Json | undefined, ctx: FillContext): Json {
  if (name in REALISTIC) {
    const v = REALISTIC[name];
    if (typeof v === typeof "" && t === "string") return v;
    if (typeof v === "number" && t === "number") return v;
  }
  if (t === "string") {
    if (name === "arn") return arnFor(ctx.type, ctx.address, ctx.known);
    if (name === "arn_suffix")
      return arnFor(ctx.type, ctx.address, ctx.known)
        .split(":")
        .pop()!
        .replace(/^[a-z-]+\//, "");
    if (name === "arn_without_revision") return arnFor(ctx.type, ctx.address, ctx.known).replace(/:\d+$/, "");
    if (name === "id") {
      if (ID_IS_ARN.has(ctx.type)) return arnFor(ctx.type, ctx.address, ctx.known);
      const arn = arnFor(ctx.type, ctx.address, ctx.known);
      if (/:(security-group|launch-template|security-group-rule)\//.test(arn)) return arn.split("/").pop()!;
      return String(ctx.known.name ?? ctx.known.family ?? ctx.known.function_name ?? `${ctx.address.split(".")[1]}-${hex(ctx.address, 8)}`);
    }
    if (name === "security_group_rule_id") return `sgr-0${hex(ctx.address, 16)}`;
    if (name === "name" && typeof ctx.known.name_prefix === "string") return `${ctx.known.name_prefix}20261202000000000000000001`;
    if (name === "name") return `${ctx.address.split(".")[1]}-${hex(ctx.address, 8)}`;
    if (name === "dns_name") return `${String(ctx.known.name ?? "lb")}-1234567890.${REGION}.elb.amazonaws.com`;
    if (name === "unique_id") return `AROA${hex(ctx.address, 17).toUpperCase()}`;
    if (name === "create_date") return "2026-01-01T00:00:00Z";
    if (name.endsWith("_arn")) return arnFor(ctx.type, `${ctx.address}/${name}`, {});
    return "";
  }
  if (t === "number") return 0;
  if (t === "bool") return false;
  if (Array.isArray(t)) {
    const [kind, inner] = t;
    if (kind === "list" || kind === "set" || kind === "tuple") return [];
    if (kind === "map") return {};
    if (kind === "object" && isObject(inner)) {
      return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, fillValue(k, v, ctx)]));
    }
  }
  return null;
}

/**
 * The state value of a planned attribute: known planned values as they are, unknown ones from
 * the prior state when there is one, otherwise filled by type.
 */
function settleValue(
  name: string,
  after: Json | undefined,
  unknown: Json | undefined,
  prior: Json | undefined,
  schema: SchemaChild,
  ctx: FillContext,
  expr: Json | undefined,
): Json {
  if (unknown === true) {
    const ref = referenced(expr, ctx);
    if (typeof ref === "string" && schema.kind === "attr") {
      if (schema.type === "string") return ref;
      const t = schema.type;
      if (Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "string") return [ref];
    }
    if (prior !== undefined) return prior;
    if (schema.kind === "attr") return fillValue(name, schema.type, ctx);
    return schema.nesting === "single" || schema.nesting === "group" ? null : [];
  }
  if (Array.isArray(after)) {
    const exprs = Array.isArray(expr) ? expr : [];
    return after.map((v, i) =>
      settleValue(name, v, Array.isArray(unknown) ? unknown[i] : undefined, Array.isArray(prior) ? prior[i] : undefined, elementOf(schema), ctx, exprs[i]),
    );
  }
  if (isObject(after) && (isObject(unknown) || schema.kind === "block")) {
    return settleObject(after, isObject(unknown) ? unknown : {}, isObject(prior) ? prior : undefined, schema, ctx, isObject(expr) ? expr : {});
  }
  return after === undefined ? null : after;
}

type SchemaChild = { kind: "attr"; type: Json | undefined } | { kind: "block"; nesting: string; block: SchemaBlock; element: boolean };

function elementOf(s: SchemaChild): SchemaChild {
  if (s.kind === "block") return { ...s, element: true };
  const t = s.type;
  if (Array.isArray(t) && (t[0] === "list" || t[0] === "set" || t[0] === "map")) return { kind: "attr", type: t[1] };
  return { kind: "attr", type: undefined };
}

function childOf(s: SchemaChild, key: string): SchemaChild {
  if (s.kind === "block") {
    const a = s.block.attributes?.[key];
    if (a) return { kind: "attr", type: a.type };
    const b = s.block.block_types?.[key];
    if (b) return { kind: "block", nesting: b.nesting_mode, block: b.block, element: false };
    return { kind: "attr", type: undefined };
  }
  const t = s.type;
  if (Array.isArray(t) && t[0] === "object" && isObject(t[1])) return { kind: "attr", type: t[1][key] };
  if (Array.isArray(t) && t[0] === "map") return { kind: "attr", type: t[1] };
  return { kind: "attr", type: undefined };
}

function settleObject(after: JsonObject, unknown: JsonObject, prior: JsonObject | undefined, schema: SchemaChild, ctx: FillContext, exprs: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(unknown)])) {
    out[key] = settleValue(key, after[key], unknown[key], prior?.[key], childOf(schema, key), ctx, exprs[key]);
  }
  return out;
}

/**
 * The provider's resource schemas (`terraform providers schema -json`), read once per machine
 * and provider version: the command takes as long as a plan.
 */
export async function resourceSchemas(dir: string): Promise<Record<string, ResourceSchema>> {
  const key = hex(`${process.env[MIRROR_ENV] ?? "registry"}`, 12);
  const cache = join(tmpdir(), `review-real-plan-schemas-${key}.json`);
  if (existsSync(cache)) {
    try {
      return JSON.parse(readFileSync(cache, "utf8")) as Record<string, ResourceSchema>;
    } catch {
      // a partial file from a concurrent writer: read the schema again below
    }
  }
  const schema = JSON.parse(await terraform(dir, ["providers", "schema", "-json"])) as {
    provider_schemas: Record<string, { resource_schemas: Record<string, ResourceSchema> }>;
  };
  const schemas = schema.provider_schemas[PROVIDER].resource_schemas;
  const tmp = `${cache}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(schemas));
  renameSync(tmp, cache);
  return schemas;
}

interface StateResource {
  mode: "managed";
  type: string;
  name: string;
  provider: string;
  instances: Array<{ schema_version: number; attributes: JsonObject; sensitive_attributes: never[]; dependencies: string[] }>;
}

/**
 * Settings of the real aws provider that plan without AWS: fake keys, no credential, account,
 * metadata or region checks, and SSM and STS (the data sources' calls) sent to a loopback stub.
 */
export function offlineAwsProvider(stubUrl: string): Record<string, unknown> {
  return {
    access_key: "AKIAIOSFODNN7EXAMPLE",
    secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    endpoints: [{ ssm: stubUrl, sts: stubUrl }],
  };
}

/** A working directory for one base stack: init once, settle a state, then plan heads against it. */
export class RealPlanWorkspace {
  private readonly dir: string;
  /** The provider's resource schemas (`terraform providers schema -json`). */
  schemas: Record<string, ResourceSchema> = {};
  private state = new Map<string, { rc: ResourceChange; attributes: JsonObject }>();
  private serial = 0;
  private backendFile = "";
  /** Plans run to settle the base state (for the test's report). */
  settleRounds = 0;

  private constructor(private readonly stub: AwsStub) {
    this.dir = mkdtempSync(join(tmpdir(), "review-real-plan-"));
  }

  /** Init a workspace for `stackJson` (a synthesized cdk.tf.json) and settle its state. */
  static async settled(stub: AwsStub, stackJson: JsonObject, maxRounds = 10): Promise<RealPlanWorkspace> {
    const ws = new RealPlanWorkspace(stub);
    await ws.use(stackJson);
    ws.schemas = await resourceSchemas(ws.dir);
    await ws.settle(maxRounds);
    return ws;
  }

  /** Write the stack and the override file; (re)init when the backend's state file changed. */
  private async use(stackJson: JsonObject): Promise<void> {
    writeFileSync(join(this.dir, "cdk.tf.json"), JSON.stringify(stackJson));
    const terraformBlock = isObject(stackJson.terraform) ? stackJson.terraform : {};
    const backend = isObject(terraformBlock.backend) && isObject(terraformBlock.backend.local) ? terraformBlock.backend.local : {};
    // The state file keeps the name the stack gives it, so a renamed stack reads a different (empty) state.
    const stateFile = basename(String(backend.path ?? "terraform.tfstate"));
    const providers = isObject(stackJson.provider) ? stackJson.provider : {};
    const aws = providers.aws;
    const blocks = (Array.isArray(aws) ? aws : [aws ?? {}]).filter(isObject);
    const override = {
      terraform: { backend: { local: { path: join(this.dir, "states", stateFile) } } },
      provider: {
        aws: blocks.map((b) => ({ ...(b.alias ? { alias: b.alias } : {}), ...offlineAwsProvider(this.stub.url) })),
      },
    };
    writeFileSync(join(this.dir, "override.tf.json"), JSON.stringify(override));
    if (stateFile !== this.backendFile) {
      mkdirSync(join(this.dir, "states"), { recursive: true });
      await terraform(this.dir, ["init", "-input=false", "-no-color", "-reconfigure"]);
      this.backendFile = stateFile;
    }
  }

  private async plan(): Promise<PlanJson> {
    await terraform(this.dir, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.out"]);
    return JSON.parse(await terraform(this.dir, ["show", "-json", "plan.out"])) as PlanJson;
  }

  private providerOf(plan: PlanJson): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of plan.configuration?.root_module?.resources ?? []) {
      const key = r.provider_config_key ?? "aws";
      const alias = key.includes(".") ? `.${key.split(".")[1]}` : "";
      out.set(r.address, `provider["${PROVIDER}"]${alias}`);
    }
    return out;
  }

  private writeState(plan: PlanJson): void {
    const providers = this.providerOf(plan);
    const resources: StateResource[] = [...this.state.values()].map(({ rc, attributes }) => ({
      mode: "managed",
      type: rc.type,
      name: rc.name,
      provider: providers.get(rc.address) ?? `provider["${PROVIDER}"]`,
      instances: [{ schema_version: this.schemas[rc.type]?.version ?? 0, attributes, sensitive_attributes: [], dependencies: [] }],
    }));
    const state = {
      version: 4,
      terraform_version: "1.11.4",
      serial: ++this.serial,
      lineage: "00000000-0000-4000-8000-000000000001",
      outputs: {},
      resources,
      check_results: null,
    };
    writeFileSync(join(this.dir, "states", this.backendFile), JSON.stringify(state, null, 1));
  }

  /** Plan, take the planned values into the state, repeat until the plan has no resource changes. */
  private async settle(maxRounds: number): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const plan = await this.plan();
      this.settleRounds = round + 1;
      const pending = (plan.resource_changes ?? []).filter((rc) => rc.mode === "managed" && rc.change.actions.join() !== "no-op");
      if (pending.length === 0) return;
      const expressions = new Map((plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.expressions ?? {}]));
      const priors = new Map(pending.map((rc) => [rc.address, this.state.get(rc.address)?.attributes]));
      const lookup = (reference: string): Json | undefined => {
        const [type, name, attr] = reference.split(".");
        return this.state.get(`${type}.${name}`)?.attributes[attr];
      };
      // Fill in passes, so a reference to a value filled later in the same round resolves too.
      for (let pass = 0; pass < 4; pass++) {
        for (const rc of pending) {
          const after = isObject(rc.change.after) ? rc.change.after : {};
          const ctx: FillContext = { type: rc.type, address: rc.address, known: after, lookup };
          const root: SchemaChild = { kind: "block", nesting: "single", block: this.schemas[rc.type]?.block ?? {}, element: false };
          const unknown = isObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
          const attributes = settleObject(after, unknown, priors.get(rc.address), root, ctx, expressions.get(rc.address) ?? {});
          this.state.set(rc.address, { rc, attributes });
        }
      }
      this.writeState(plan);
    }
    const last = await this.plan();
    const left = (last.resource_changes ?? []).filter((rc) => rc.mode === "managed" && rc.change.actions.join() !== "no-op");
    throw new Error(`state did not settle after ${maxRounds} rounds: ${left.map((rc) => `${rc.address} ${rc.change.actions}`).join(", ")}`);
  }

  /** Plan a head stack against the settled base state (`-refresh=false`); the `terraform show -json` document. */
  async planHead(stackJson: JsonObject): Promise<PlanJson> {
    await this.use(stackJson);
    return this.plan();
  }

  /**
   * Terraform's action per managed resource for a head stack, from `terraform plan -json`'s
   * `planned_change` messages (one Terraform run instead of plan + show).
   * https://developer.hashicorp.com/terraform/internals/machine-readable-ui#planned-change
   */
  async planHeadActions(stackJson: JsonObject): Promise<Map<string, PlanAction>> {
    await this.use(stackJson);
    const out = await terraform(this.dir, ["plan", "-json", "-input=false", "-lock=false", "-refresh=false"]);
    const actions = new Map<string, PlanAction>();
    for (const line of out.split("\n")) {
      if (!line.startsWith("{")) continue;
      const msg = JSON.parse(line) as { type?: string; change?: { action?: string; resource?: { addr?: string; resource_type?: string; resource_key?: unknown } } };
      if (msg.type !== "planned_change" || !msg.change?.resource?.addr || msg.change.resource.addr.startsWith("data.")) continue;
      const a = msg.change.action;
      if (a === "create" || a === "update" || a === "replace" || a === "delete") actions.set(msg.change.resource.addr, a);
    }
    return actions;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
