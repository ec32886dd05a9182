/**
 * Shared types and conventions for the security rule pack.
 *
 * A rule is a pure function of ONE resource in the synthesized Terraform JSON
 * shape (snake_case keys, nested blocks as objects or arrays, exactly as cdktf
 * writes them into cdk.tf.json). Facts that need more than one resource (which
 * load balancers have an HTTPS listener, which security groups front a load
 * balancer, which IAM roles are assumed by ECS tasks, ...) are computed once per
 * stack by the SecurityRulesAspect and passed to every rule in `RuleOptions`.
 * A rule only reads its view: the objects in it are the ones written to cdk.tf.json
 * (framework/resolve-once.ts), so a rule that changed them would change the output.
 */

export type RuleLevel = "error" | "warning";

/** One resource as it appears in cdk.tf.json, plus its Terraform address. */
export interface ResourceView {
  /** Terraform resource type, e.g. "aws_launch_template". */
  readonly type: string;
  /** Terraform address, e.g. "aws_launch_template.hosts_lt_1234ABCD". */
  readonly address: string;
  /** Resolved attributes in the cdk.tf.json shape. */
  readonly attributes: Record<string, any>;
}

export type RuleResult = "compliant" | "not-applicable" | { readonly violation: string };

/**
 * Security group role convention.
 *
 * Tag every `aws_security_group` (and, optionally, every tagged
 * `aws_vpc_security_group_ingress_rule`) with
 *   `SECURITY_GROUP_ROLE_TAG` = `SECURITY_GROUP_ROLE_HOSTS` | `SECURITY_GROUP_ROLE_LOAD_BALANCER`.
 *
 * - "load-balancer": may admit 0.0.0.0/0 and ::/0, but only on TCP 80 and 443
 *   (`LOAD_BALANCER_PUBLIC_PORTS`).
 * - "hosts" (and any group WITHOUT the tag, or with another value): may admit
 *   nothing from 0.0.0.0/0 or ::/0. Untagged groups are treated as host groups on
 *   purpose: opening a group to the internet requires an explicit declaration.
 *
 * Standalone rules (`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`)
 * take the role of the group they reference via `security_group_id` when that
 * group is in the same stack; an `aws_vpc_security_group_ingress_rule` may also
 * carry the tag itself (its own tag wins).
 */
export {
  SECURITY_GROUP_ROLE_HOSTS,
  SECURITY_GROUP_ROLE_LOAD_BALANCER,
  SECURITY_GROUP_ROLE_TAG,
  type SecurityGroupRole,
} from "../modules/security-group-roles";
/** Ports a load-balancer security group may open to the world (TCP only). */
export const LOAD_BALANCER_PUBLIC_PORTS: readonly number[] = [80, 443];

/** Per-stack facts and switches handed to every rule. */
export interface RuleOptions {
  readonly allow: {
    /** Allow `privileged: true` containers (ECS-EC2-TASK-NO-PRIVILEGED becomes not-applicable). */
    readonly privilegedContainers: boolean;
    /** Allow `network_mode = "host"` (ECS-EC2-TASK-NO-HOST-NETWORK becomes not-applicable). */
    readonly hostNetworkMode: boolean;
  };
  /** Addresses of `aws_lb`/`aws_alb` resources that have an HTTPS listener in the stack. */
  readonly httpsLoadBalancers: ReadonlySet<string>;
  /** `aws_security_group` address -> value of its SECURITY_GROUP_ROLE_TAG tag. */
  readonly securityGroupRoles: ReadonlyMap<string, string>;
  /** Addresses of `aws_iam_role` resources whose trust policy admits ecs-tasks.amazonaws.com. */
  readonly ecsTaskRoles: ReadonlySet<string>;
  /** `data.aws_iam_policy_document.<id>` address -> equivalent policy JSON object. */
  readonly policyDocuments: ReadonlyMap<string, Record<string, any>>;
}

export interface Rule {
  /** Stable id, e.g. "ECS-EC2-IMDSV2"; used in messages and suppressions. */
  readonly id: string;
  readonly level: RuleLevel;
  /** Terraform resource types the rule is run against. */
  readonly appliesTo: readonly string[];
  /** What is wrong, one short sentence. */
  readonly message: string;
  /** Why it matters, with the AWS FSBP control / cdk-nag rule it corresponds to. */
  readonly explanation: string;
  check(resource: ResourceView, options: RuleOptions): RuleResult;
}

/** Options with every fact empty and nothing allowed; override what a test needs. */
export function defaultRuleOptions(overrides: Partial<RuleOptions> = {}): RuleOptions {
  return {
    allow: { privilegedContainers: false, hostNetworkMode: false },
    httpsLoadBalancers: new Set<string>(),
    securityGroupRoles: new Map<string, string>(),
    ecsTaskRoles: new Set<string>(),
    policyDocuments: new Map<string, Record<string, any>>(),
    ...overrides,
  };
}
