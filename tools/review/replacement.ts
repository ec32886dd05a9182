import { AttributeChange } from "./diff";

/**
 * What a change to a resource does, beyond an in-place update.
 * - `replace`: Terraform destroys and re-creates the resource (ForceNew).
 * - `new-revision`: the resource is immutable on the AWS side and a new
 *   revision is registered (ECS task definitions); dependants roll forward.
 */
export type ReplacementEffect = "replace" | "new-revision";

export interface ReplacementRule {
  /** Attribute paths (list indices dropped) that force a new resource; `"*"` means every argument. */
  forceNew: string[];
  effect: ReplacementEffect;
  /** Shown in the report next to the warning. */
  note: string;
  /** What an in-place update of this type means, when worth saying (launch template versions). */
  inPlace?: string;
}

/**
 * ForceNew arguments in the Terraform AWS provider 5.x for the resource types
 * this project generates (checked against the provider schemas). A nested
 * path such as `auto_scaling_group_provider.auto_scaling_group_arn` matches
 * `auto_scaling_group_provider[0].auto_scaling_group_arn` and everything below.
 */
export const FORCE_NEW: Readonly<Record<string, ReplacementRule>> = {
  // Target groups cannot change port/protocol/VPC/type after creation; ip_address_type too.
  aws_lb_target_group: {
    forceNew: ["name", "name_prefix", "port", "protocol", "protocol_version", "vpc_id", "target_type", "ip_address_type"],
    effect: "replace",
    note: "target group is re-created; listeners and services re-register targets",
  },
  // Launch configurations are immutable: every argument is ForceNew.
  aws_launch_configuration: { forceNew: ["*"], effect: "replace", note: "launch configurations are immutable" },
  // The ASG a capacity provider manages is fixed at creation (the whole block is ForceNew in provider 6).
  aws_ecs_capacity_provider: {
    forceNew: ["name", "auto_scaling_group_provider.auto_scaling_group_arn", "cluster"],
    effect: "replace",
    note: "capacity provider is re-created; detach it from the cluster first",
  },
  // Task definitions are immutable: any change registers a new revision (old one is deregistered).
  aws_ecs_task_definition: {
    forceNew: ["*"],
    effect: "new-revision",
    note: "registers a new task definition revision; services using it redeploy",
  },
  // Scheme, type and name of a load balancer are fixed; DNS name changes on replacement.
  aws_lb: {
    forceNew: ["name", "name_prefix", "internal", "load_balancer_type"],
    effect: "replace",
    note: "load balancer is re-created with a new DNS name",
  },
  // Listeners belong to one load balancer.
  aws_lb_listener: { forceNew: ["load_balancer_arn"], effect: "replace", note: "listener is re-created" },
  // Listener rules belong to one listener.
  aws_lb_listener_rule: { forceNew: ["listener_arn"], effect: "replace", note: "listener rule is re-created" },
  // Cluster name is its identity.
  aws_ecs_cluster: { forceNew: ["name"], effect: "replace", note: "cluster is re-created; all its services are replaced" },
  // Cluster association of the capacity-provider attachment.
  aws_ecs_cluster_capacity_providers: { forceNew: ["cluster_name"], effect: "replace", note: "attachment is re-created" },
  // ECS services: identity, placement model and deployment controller are fixed.
  aws_ecs_service: {
    forceNew: ["name", "cluster", "launch_type", "scheduling_strategy", "iam_role", "deployment_controller.type"],
    effect: "replace",
    note: "service is re-created: its tasks are stopped and started again",
  },
  // IAM role name/path are its identity.
  aws_iam_role: { forceNew: ["name", "name_prefix", "path"], effect: "replace", note: "role is re-created with a new ARN" },
  // Instance profile name/path are its identity.
  aws_iam_instance_profile: { forceNew: ["name", "name_prefix", "path"], effect: "replace", note: "instance profile is re-created" },
  // Log group name is its identity; existing log data stays in the old group.
  aws_cloudwatch_log_group: {
    forceNew: ["name", "name_prefix", "log_group_class"],
    effect: "replace",
    note: "log group is re-created (existing logs are deleted unless skip_destroy)",
  },
  // Security group name, description and VPC cannot be modified.
  aws_security_group: {
    forceNew: ["name", "name_prefix", "vpc_id", "description"],
    effect: "replace",
    note: "security group is re-created; references to its ID change",
  },
  // ASG name is its identity.
  aws_autoscaling_group: { forceNew: ["name", "name_prefix"], effect: "replace", note: "Auto Scaling group and its instances are re-created" },
  // Only the name forces a new template; other changes create a new template version in place.
  aws_launch_template: {
    forceNew: ["name", "name_prefix"],
    effect: "replace",
    note: "launch template is re-created",
    inPlace: "new template version",
  },
  // Function name is its identity.
  aws_lambda_function: { forceNew: ["function_name", "package_type"], effect: "replace", note: "function is re-created with a new ARN" },
  // Topic name and FIFO-ness are fixed; subscriptions are lost.
  aws_sns_topic: { forceNew: ["name", "name_prefix", "fifo_topic"], effect: "replace", note: "topic is re-created; subscriptions must be re-confirmed" },
  // Schedule name and group are its identity.
  aws_scheduler_schedule: { forceNew: ["name", "name_prefix", "group_name"], effect: "replace", note: "schedule is re-created" },
  // Scalable target identity.
  aws_appautoscaling_target: {
    forceNew: ["resource_id", "scalable_dimension", "service_namespace"],
    effect: "replace",
    note: "scalable target is re-created; its policies too",
  },
  // Scaling policy identity.
  aws_appautoscaling_policy: {
    forceNew: ["name", "resource_id", "scalable_dimension", "service_namespace"],
    effect: "replace",
    note: "scaling policy is re-created",
  },
  // Rule name and bus are its identity.
  aws_cloudwatch_event_rule: { forceNew: ["name", "name_prefix", "event_bus_name"], effect: "replace", note: "rule is re-created; targets too" },
};

/** Terraform meta-arguments: changing them never replaces the remote object. */
const META_ARGUMENTS = new Set(["lifecycle", "depends_on", "provider", "count", "for_each", "connection", "provisioner", "timeouts"]);
/** Arguments that are updatable even on otherwise immutable resources. */
const ALWAYS_IN_PLACE = new Set(["tags", "tags_all", "skip_destroy", "track_latest"]);

export interface ReplacementHit {
  path: string;
  old: string | null;
  new: string | null;
  effect: ReplacementEffect;
  note: string;
}

function topLevel(path: string): string {
  const m = /^[^.[]+/.exec(path);
  return m ? m[0] : path;
}

/** The note for an in-place update of `type`, if the type has one. */
export function inPlaceNote(type: string): string | undefined {
  return FORCE_NEW[type]?.inPlace;
}

/** The changes of a resource of `type` that force a replacement or new revision. */
export function replacementsFor(type: string, changes: AttributeChange[]): ReplacementHit[] {
  const rule = FORCE_NEW[type];
  if (!rule) return [];
  const hits: ReplacementHit[] = [];
  for (const c of changes) {
    const top = topLevel(c.path);
    if (META_ARGUMENTS.has(top)) continue;
    const normalized = c.path.replace(/\[\d+\]/g, "");
    const matches = rule.forceNew.some((p) =>
      p === "*" ? !ALWAYS_IN_PLACE.has(top) : normalized === p || normalized.startsWith(`${p}.`) || normalized.startsWith(`${p}[`),
    );
    if (matches) hits.push({ path: c.path, old: c.old, new: c.new, effect: rule.effect, note: rule.note });
  }
  return hits;
}
