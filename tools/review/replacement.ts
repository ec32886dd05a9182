import { AttributeChange } from "./diff";
import { Json } from "./load";

/**
 * What a change to a resource does, beyond an in-place update.
 * - `replace`: Terraform destroys and re-creates the resource (ForceNew / RequiresReplace).
 */
export type ReplacementEffect = "replace";

export interface ReplacementRule {
  /** Attribute paths (list indices dropped) that force a new resource; `"*"` means every argument. */
  forceNew: string[];
  /** Shown in the report next to the warning. */
  note: string;
  /** True when a replacement registers a new revision rather than destroying anything users see (task definitions). */
  newRevision?: boolean;
}

/**
 * ForceNew (SDKv2) and RequiresReplace (plugin framework) arguments in hashicorp/aws 5.100.0, for
 * every resource type this project can emit. A nested path such as
 * `auto_scaling_group_provider.auto_scaling_group_arn` matches
 * `auto_scaling_group_provider[0].auto_scaling_group_arn` and everything below it. Sources: the
 * resource files under internal/service/ in hashicorp/terraform-provider-aws v5.100.0 (named per
 * entry); the real-provider plans in __tests__/tools/review/real-plan-*.tf.test.ts check the table.
 * CustomizeDiff cases that depend on values live in `customForceNew` below.
 */
export const FORCE_NEW: Readonly<Record<string, ReplacementRule>> = {
  // elbv2/target_group.go
  aws_lb_target_group: {
    forceNew: ["name", "name_prefix", "port", "protocol", "protocol_version", "vpc_id", "target_type", "ip_address_type"],
    note: "target group is re-created; its targets register again",
  },
  // elbv2/load_balancer.go (subnets/security_groups are ForceNew only for network load balancers, CustomizeDiff)
  aws_lb: {
    forceNew: ["name", "name_prefix", "internal", "load_balancer_type", "customer_owned_ipv4_pool"],
    note: "load balancer is re-created with a new DNS name",
  },
  // elbv2/listener.go
  aws_lb_listener: { forceNew: ["load_balancer_arn"], note: "listener is re-created" },
  // elbv2/listener_rule.go
  aws_lb_listener_rule: { forceNew: ["listener_arn"], note: "listener rule is re-created" },
  // ecs/cluster.go
  aws_ecs_cluster: { forceNew: ["name"], note: "cluster is re-created; all its services are replaced" },
  // ecs/cluster_capacity_providers.go
  aws_ecs_cluster_capacity_providers: { forceNew: ["cluster_name"], note: "capacity-provider attachment is re-created" },
  // ecs/capacity_provider.go (5.x: no `cluster` argument; that is 6.x only)
  aws_ecs_capacity_provider: {
    forceNew: ["name", "auto_scaling_group_provider.auto_scaling_group_arn"],
    note: "capacity provider is re-created; detach it from the cluster first",
  },
  // ecs/task_definition.go: every argument but tags/skip_destroy/track_latest is ForceNew.
  aws_ecs_task_definition: {
    forceNew: ["*"],
    note: "registers a new task definition revision (the old one is deregistered); services using it redeploy",
    newRevision: true,
  },
  // ecs/service.go (capacity_provider_strategy: see customForceNew)
  aws_ecs_service: {
    forceNew: ["name", "cluster", "launch_type", "scheduling_strategy", "iam_role", "service_registries"],
    note: "service is deleted and re-created: its tasks are stopped and started again",
  },
  // iam/role.go
  aws_iam_role: { forceNew: ["name", "name_prefix", "path"], note: "role is re-created with a new ARN" },
  // iam/instance_profile.go
  aws_iam_instance_profile: { forceNew: ["name", "name_prefix", "path"], note: "instance profile is re-created" },
  // iam/role_policy.go
  aws_iam_role_policy: { forceNew: ["name", "name_prefix", "role"], note: "inline policy is re-created" },
  // iam/role_policy_attachment.go: no update function, both arguments ForceNew.
  aws_iam_role_policy_attachment: { forceNew: ["role", "policy_arn"], note: "policy attachment is re-created" },
  // iam/service_linked_role.go
  aws_iam_service_linked_role: { forceNew: ["aws_service_name", "custom_suffix"], note: "service-linked role is re-created" },
  // logs/group.go
  aws_cloudwatch_log_group: {
    forceNew: ["name", "name_prefix", "log_group_class"],
    note: "log group is re-created: its stored log events are deleted (unless skip_destroy)",
  },
  // ec2/vpc_security_group.go
  aws_security_group: {
    forceNew: ["name", "name_prefix", "vpc_id", "description"],
    note: "security group is re-created with a new ID; its rules and everything attached follow",
  },
  // ec2/vpc_security_group_ingress_rule.go (framework: security_group_id RequiresReplace)
  aws_vpc_security_group_ingress_rule: { forceNew: ["security_group_id"], note: "ingress rule is re-created" },
  // ec2/vpc_security_group_egress_rule.go (shares the ingress rule's schema)
  aws_vpc_security_group_egress_rule: { forceNew: ["security_group_id"], note: "egress rule is re-created" },
  // autoscaling/group.go
  aws_autoscaling_group: { forceNew: ["name", "name_prefix"], note: "Auto Scaling group and all its hosts are re-created" },
  // autoscaling/lifecycle_hook.go
  aws_autoscaling_lifecycle_hook: { forceNew: ["name", "autoscaling_group_name"], note: "lifecycle hook is re-created" },
  // ec2/ec2_launch_template.go: only the name; other changes make a new template version in place.
  aws_launch_template: { forceNew: ["name", "name_prefix"], note: "launch template is re-created" },
  // autoscaling/launch_configuration.go: launch configurations are immutable.
  aws_launch_configuration: { forceNew: ["*"], note: "launch configurations are immutable: a new one is created" },
  // lambda/function.go
  aws_lambda_function: { forceNew: ["function_name", "package_type"], note: "function is re-created" },
  // lambda/permission.go: no update function, every argument ForceNew.
  aws_lambda_permission: { forceNew: ["*"], note: "permission statement is re-created" },
  // lambda/function_event_invoke_config.go
  aws_lambda_function_event_invoke_config: { forceNew: ["function_name", "qualifier"], note: "invoke config is re-created" },
  // lambda/event_source_mapping.go: the source and where reading starts cannot change; the function can.
  aws_lambda_event_source_mapping: {
    forceNew: [
      "event_source_arn",
      "starting_position",
      "starting_position_timestamp",
      "topics",
      "queues",
      "self_managed_event_source",
      "self_managed_kafka_event_source_config",
      "amazon_managed_kafka_event_source_config",
    ],
    note: "event source mapping is re-created (messages wait in the queue meanwhile)",
  },
  // sqs/queue.go
  aws_sqs_queue: { forceNew: ["name", "name_prefix", "fifo_queue"], note: "queue is re-created with a new URL and ARN; messages in it are lost" },
  // sqs/queue_policy.go
  aws_sqs_queue_policy: { forceNew: ["queue_url"], note: "queue policy is re-attached" },
  // servicediscovery/http_namespace.go: update is tags only; name and description are ForceNew.
  aws_service_discovery_http_namespace: { forceNew: ["name", "description"], note: "namespace is re-created: Service Connect services using it redeploy" },
  // sns/topic.go
  aws_sns_topic: { forceNew: ["name", "name_prefix", "fifo_topic"], note: "topic is re-created with a new ARN" },
  // sns/topic_subscription.go
  aws_sns_topic_subscription: {
    forceNew: ["topic_arn", "protocol", "endpoint", "endpoint_auto_confirms", "confirmation_timeout_in_minutes"],
    note: "subscription is re-created",
  },
  // scheduler/schedule.go
  aws_scheduler_schedule: { forceNew: ["name", "name_prefix", "group_name"], note: "schedule is re-created" },
  // appautoscaling/target.go
  aws_appautoscaling_target: {
    forceNew: ["resource_id", "scalable_dimension", "service_namespace"],
    note: "scalable target is re-created; its policies and scheduled actions too",
  },
  // appautoscaling/policy.go
  aws_appautoscaling_policy: {
    forceNew: ["name", "resource_id", "scalable_dimension", "service_namespace"],
    note: "scaling policy is re-created",
  },
  // appautoscaling/scheduled_action.go
  aws_appautoscaling_scheduled_action: {
    forceNew: ["name", "resource_id", "scalable_dimension", "service_namespace"],
    note: "scheduled action is re-created",
  },
  // events/rule.go
  aws_cloudwatch_event_rule: { forceNew: ["name", "name_prefix", "event_bus_name"], note: "rule is re-created; its targets too" },
  // events/target.go
  aws_cloudwatch_event_target: { forceNew: ["rule", "target_id", "event_bus_name"], note: "rule target is re-created" },
  // cloudwatch/metric_alarm.go
  aws_cloudwatch_metric_alarm: { forceNew: ["alarm_name"], note: "alarm is re-created (its state and history start over)" },
};

/** Terraform meta-arguments: changing them never changes the remote object. */
export const META_ARGUMENTS = new Set(["lifecycle", "depends_on", "provider", "count", "for_each", "connection", "provisioner"]);
/** Arguments that are updatable even on otherwise immutable resources. */
const ALWAYS_IN_PLACE = new Set(["tags", "tags_all", "skip_destroy", "track_latest", "timeouts"]);

/**
 * Computed attributes that change on an in-place update of the type, so references to them change
 * too (a launch template's `latest_version` feeding the Auto Scaling group), and the arguments
 * whose change does that (`undefined`: any argument but tags).
 * ec2/ec2_launch_template.go resourceLaunchTemplateUpdate: a new version only when one of
 * `updateKeys` changes (tags alone do not make one); lambda/function.go publishes on code or
 * configuration changes.
 */
export const COMPUTED_ON_UPDATE: Readonly<Record<string, { attributes: readonly string[]; triggers?: readonly string[] }>> = {
  aws_launch_template: {
    attributes: ["latest_version", "default_version"],
    triggers: [
      "block_device_mappings",
      "capacity_reservation_specification",
      "cpu_options",
      "credit_specification",
      "description",
      "disable_api_stop",
      "disable_api_termination",
      "ebs_optimized",
      "elastic_gpu_specifications",
      "elastic_inference_accelerator",
      "enclave_options",
      "hibernation_options",
      "iam_instance_profile",
      "image_id",
      "instance_initiated_shutdown_behavior",
      "instance_market_options",
      "instance_requirements",
      "instance_type",
      "kernel_id",
      "key_name",
      "license_specification",
      "metadata_options",
      "monitoring",
      "network_interfaces",
      "placement",
      "private_dns_name_options",
      "ram_disk_id",
      "security_group_names",
      "tag_specifications",
      "user_data",
      "vpc_security_group_ids",
    ],
  },
  aws_lambda_function: { attributes: ["last_modified", "version", "qualified_arn", "qualified_invoke_arn", "code_sha256"] },
};

/** Whether an update that changes the top-level attributes `changed` recomputes `attribute` of a `type`. */
export function recomputedOnUpdate(type: string, attribute: string, changed: Iterable<string>): boolean {
  const rule = COMPUTED_ON_UPDATE[type];
  if (!rule?.attributes.includes(attribute)) return false;
  return [...changed].some((t) => (rule.triggers ? rule.triggers.includes(t) : t !== "tags" && t !== "tags_all"));
}

/**
 * Types with a computed `tags_all` (provider `default_tags` merged in) in 5.100.0, from
 * `terraform providers schema -json`; a change to the provider's default_tags updates each of
 * them in place. The real-provider suite checks this list against the schema.
 */
export const TAGS_ALL_TYPES: ReadonlySet<string> = new Set([
  "aws_appautoscaling_target",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_metric_alarm",
  "aws_ecs_capacity_provider",
  "aws_ecs_cluster",
  "aws_ecs_service",
  "aws_ecs_task_definition",
  "aws_iam_instance_profile",
  "aws_iam_role",
  "aws_iam_service_linked_role",
  "aws_lambda_event_source_mapping",
  "aws_lambda_function",
  "aws_launch_template",
  "aws_lb",
  "aws_lb_listener",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_security_group",
  "aws_service_discovery_http_namespace",
  "aws_sns_topic",
  "aws_sqs_queue",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
]);

export interface ReplacementHit {
  path: string;
  old: string | null;
  new: string | null;
  note: string;
}

export function topLevel(path: string): string {
  const m = /^[^.[]+/.exec(path);
  return m ? m[0] : path;
}

/** `a[0].b[2].c` → `a.b.c`. */
export function normalizePath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

/** Whether a change to `path` of a resource of `type` forces a new resource (table only). */
export function isForceNewPath(type: string, path: string): boolean {
  const rule = FORCE_NEW[type];
  if (!rule) return false;
  const top = topLevel(path);
  if (META_ARGUMENTS.has(top)) return false;
  const normalized = normalizePath(path);
  return rule.forceNew.some((p) => (p === "*" ? !ALWAYS_IN_PLACE.has(top) : normalized === p || normalized.startsWith(`${p}.`) || normalized.startsWith(`${p}[`)));
}

function attr(body: Json | undefined, key: string): Json | undefined {
  return body !== null && body !== undefined && typeof body === "object" && !Array.isArray(body) ? body[key] : undefined;
}

function listLength(v: Json | undefined): number {
  if (Array.isArray(v)) return v.length;
  return v === undefined || v === null ? 0 : 1;
}

/**
 * CustomizeDiff cases that force a new resource depending on values.
 * ecs/service.go capacityProviderStrategyCustomizeDiff (5.x): a change to
 * `capacity_provider_strategy` forces a new service unless `force_new_deployment = true` and
 * neither the old nor the new strategy is empty.
 */
export function customForceNew(type: string, path: string, oldBody: Json | undefined, newBody: Json | undefined): boolean {
  if (type === "aws_ecs_service" && topLevel(path) === "capacity_provider_strategy") {
    const fnd = attr(newBody, "force_new_deployment") === true;
    const before = listLength(attr(oldBody, "capacity_provider_strategy"));
    const after = listLength(attr(newBody, "capacity_provider_strategy"));
    return !fnd || before === 0 || after === 0;
  }
  return false;
}

/** The note for a replacement of `type`. */
export function replacementNote(type: string): string {
  return FORCE_NEW[type]?.note ?? "resource is re-created";
}

/** The changes of a resource of `type` that force a replacement. */
export function replacementsFor(type: string, changes: AttributeChange[], oldBody?: Json, newBody?: Json): ReplacementHit[] {
  const hits: ReplacementHit[] = [];
  for (const c of changes) {
    if (isForceNewPath(type, c.path) || customForceNew(type, c.path, oldBody, newBody)) {
      hits.push({ path: c.path, old: c.old, new: c.new, note: replacementNote(type) });
    }
  }
  return hits;
}
