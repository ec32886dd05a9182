/**
 * Builds `terraform test` files that plan and apply a synthesized stack against a mock AWS
 * provider. The mock returns ARN-shaped values where the provider's validators check them.
 */

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

/** Attribute defaults for mocked resources and data sources, by type. */
export const MOCK_DEFAULTS: Record<string, Record<string, string>> = {
  aws_iam_instance_profile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/mock` },
  aws_iam_role: { arn: `arn:aws:iam::${ACCOUNT}:role/mock` },
  aws_lb: {
    arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/mock/0123456789abcdef`,
    arn_suffix: "app/mock/0123456789abcdef",
    dns_name: "mock-123.eu-west-1.elb.amazonaws.com",
  },
  aws_lb_listener: { arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/mock/0123456789abcdef/0123456789abcdef` },
  aws_lb_target_group: {
    arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/mock/0123456789abcdef`,
    arn_suffix: "targetgroup/mock/0123456789abcdef",
  },
  aws_autoscaling_group: {
    arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/mock`,
  },
  aws_launch_template: { id: "lt-0123456789abcdef0" },
  aws_ecs_cluster: { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/mock` },
  aws_ecs_task_definition: { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/mock:1` },
  aws_ecs_capacity_provider: { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/mock` },
  aws_cloudwatch_log_group: { arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:mock` },
  aws_sns_topic: { arn: `arn:aws:sns:${REGION}:${ACCOUNT}:mock` },
  aws_lambda_function: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:mock` },
  aws_cloudwatch_event_rule: { arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/mock` },
  aws_sqs_queue: { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:mock`, url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/mock` },
  aws_appautoscaling_target: { arn: `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/0123456789abcdef0123456789abcdef` },
  aws_appautoscaling_policy: {
    arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mock/mock:policyName/mock`,
  },
  aws_cloudwatch_metric_alarm: { arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:mock` },
  aws_efs_file_system: { id: "fs-0123456789abcdef0" },
  aws_service_discovery_http_namespace: { arn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/ns-0123456789abcdef` },
  aws_security_group: { id: "sg-0123456789abcdef0" },
};

export const MOCK_DATA_DEFAULTS: Record<string, Record<string, string>> = {
  aws_ssm_parameter: { insecure_value: "ami-0123456789abcdef0", value: "ami-0123456789abcdef0" },
  aws_caller_identity: { account_id: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, user_id: "AIDAMOCK" },
};

function block(kind: string, type: string, values: Record<string, string>): string {
  const lines = Object.entries(values).map(([k, v]) => `      ${k} = ${JSON.stringify(v)}`);
  return `  ${kind} "${type}" {\n    defaults = {\n${lines.join("\n")}\n    }\n  }`;
}

/** The `mock_provider "aws"` block with ARN-shaped defaults. */
export function mockProviderBlock(): string {
  const blocks = [
    ...Object.entries(MOCK_DEFAULTS).map(([type, v]) => block("mock_resource", type, v)),
    ...Object.entries(MOCK_DATA_DEFAULTS).map(([type, v]) => block("mock_data", type, v)),
  ];
  return `mock_provider "aws" {\n${blocks.join("\n")}\n}\n`;
}

export interface Assertion {
  readonly condition: string;
  readonly message: string;
}

function assertBlocks(assertions: Assertion[]): string {
  return assertions.map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${JSON.stringify(a.message)}\n  }`).join("\n");
}

/** A test file: a plan run with the assertions, then an apply run against the mock. */
export function mockPlanAndApply(assertions: Assertion[]): string {
  const asserts = assertBlocks(assertions);
  return `${mockProviderBlock()}\nrun "plan" {\n  command = plan\n${asserts}\n}\n\nrun "apply" {\n  command = apply\n${asserts}\n}\n`;
}

/** One module under test in a batched test file (mockPlanAndApplyEach). */
export interface ModuleUnderTest {
  /** Unique among the modules of the file: the run blocks are named `<name>_plan` and `<name>_apply`. */
  readonly name: string;
  /** The module's folder, relative to the folder `terraform test` runs in. */
  readonly source: string;
  readonly assertions: Assertion[];
  /** `override_data` blocks for this module (remoteStateOverrides), scoped to its runs. */
  readonly overrides?: string;
}

/**
 * One test file that plans and applies several modules against the mock, each in its own pair of
 * run blocks (`module { source = ... }` makes that folder the configuration under test, so the
 * assertions name its resources as in mockPlanAndApply). One `terraform test` for many stacks
 * loads the AWS provider's schema once instead of once per stack.
 */
export function mockPlanAndApplyEach(modules: readonly ModuleUnderTest[]): string {
  const runs = modules.flatMap((m) => {
    const body = [`  module {\n    source = ${JSON.stringify(m.source)}\n  }`, assertBlocks(m.assertions), indent(m.overrides ?? "")]
      .filter((part) => part.trim() !== "")
      .join("\n");
    return ["plan", "apply"].map((command) => `run "${m.name}_${command}" {\n  command = ${command}\n${body}\n}\n`);
  });
  return `${mockProviderBlock()}\n${runs.join("\n")}`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");
}

/** A test file with one plan run and the assertions. */
export function mockPlan(assertions: Assertion[]): string {
  return `${mockProviderBlock()}\nrun "plan" {\n  command = plan\n${assertBlocks(assertions)}\n}\n`;
}

/**
 * `override_data` blocks for a stack's `terraform_remote_state` data sources (cross-stack
 * references of split stacks), so a mock plan does not read another stack's real state. Each
 * output the stack reads gets an ARN-shaped value of the resource type its name starts with.
 */
export function remoteStateOverrides(json: any): string {
  const text = JSON.stringify(json);
  const types = Object.keys(MOCK_DEFAULTS).sort((a, b) => b.length - a.length);
  return Object.keys(json.data?.terraform_remote_state ?? {})
    .map((name) => {
      const pattern = new RegExp(`data\\.terraform_remote_state\\.${name.replace(/[^\w-]/g, "\\$&")}\\.outputs\\.([\\w-]+)`, "g");
      const outputs = [...new Set([...text.matchAll(pattern)].map((m) => m[1]))].sort();
      const values = outputs.map((output) => {
        const type = types.find((t) => output.startsWith(`cross-stack-output-${t}_`));
        const value = output.endsWith("_arn") ? ((type && MOCK_DEFAULTS[type].arn) ?? `arn:aws:iam::${ACCOUNT}:role/mock`) : "mock";
        return `      ${JSON.stringify(output)} = ${JSON.stringify(value)}`;
      });
      return `override_data {\n  target = data.terraform_remote_state.${name}\n  values = {\n    outputs = {\n${values.join("\n")}\n    }\n  }\n}\n`;
    })
    .join("\n");
}
