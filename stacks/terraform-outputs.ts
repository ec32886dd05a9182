/**
 * Terraform outputs of a stack, for callers of the module and for people reading `terraform output`:
 * the cluster, its hosts and load balancers (in the stack that holds them) and each service's
 * name, log group, target groups and roles (in the stack that holds the service).
 * Output names derive from config names: `lb_<name>_dns_name`, `service_<name>_log_group_name`.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "../framework/cdktf";
import { IamRole } from "../framework/provider-aws";
import { LbTargetGroup } from "../framework/provider-aws";
import { EcsService } from "../modules/ecs-service";
import { EcsStack } from "./ecs-stack";

function output(scope: Construct, id: string, value: unknown, description: string): void {
  new TerraformOutput(scope, id, { value, description });
}

/** Constructs of type `T` under `root`, in construct-tree order (stable between synths). */
function findAll<T>(root: Construct, is: (c: unknown) => c is T): T[] {
  return root.node.findAll().filter((c) => is(c)) as unknown as T[];
}

/** A role's key in `service_<name>_role_arns`: its construct's id (`task-role`, `execution-role`). */
const roleKey = (id: string, service: string) => (id === `task-role-${service}` ? "task-role" : id);

const isRole = (c: unknown): c is IamRole => c instanceof IamRole;
const isTargetGroup = (c: unknown): c is LbTargetGroup => c instanceof LbTargetGroup;

/** Cluster, capacity and load balancer outputs, added to the platform stack. */
export function addPlatformOutputs(stack: EcsStack): void {
  output(stack, "cluster_name", stack.cluster.name, "Name of the ECS cluster.");
  output(stack, "cluster_arn", stack.cluster.arn, "ARN of the ECS cluster.");
  output(stack, "autoscaling_group_name", stack.capacity.autoScalingGroup.name, "Name of the Auto Scaling group of the ECS hosts.");
  output(stack, "capacity_provider_name", stack.capacity.capacityProvider.name, "Name of the ECS capacity provider over the hosts.");
  const refresh = stack.capacity.startInstanceRefreshCommand(stack.region);
  if (refresh) {
    output(
      stack,
      "start_instance_refresh_command",
      refresh,
      "Replaces every host now (instance refresh with the configured percentages; capacity.rollout does the same through a reviewed change).",
    );
  }
  const hostRole = stack.node.tryFindChild("host-role");
  const hostRoles = hostRole ? findAll(hostRole, isRole) : [];
  if (hostRoles.length > 0) output(stack, "host_role_arn", hostRoles[0].arn, "ARN of the IAM role of the ECS container agent on the hosts.");
  for (const [name, lb] of Object.entries(stack.loadBalancers)) {
    output(stack, `lb_${name}_dns_name`, lb.loadBalancer.dnsName, `DNS name of load balancer ${name}.`);
    output(stack, `lb_${name}_arn`, lb.loadBalancer.arn, `ARN of load balancer ${name}.`);
  }
}

/** Outputs of one service, added to the stack that holds it. */
export function addServiceOutputs(scope: Construct, name: string, service: EcsService): void {
  output(scope, `service_${name}_name`, service.service.name, `Name of ECS service ${name}.`);
  output(scope, `service_${name}_log_group_name`, service.logGroup.name, `CloudWatch Logs group of service ${name}.`);
  // The service's constructs: its own, plus its task role when that is a sibling (`task-role-<name>`).
  const roots: Construct[] = [service];
  const taskRole = scope.node.tryFindChild(`task-role-${name}`);
  if (taskRole) roots.push(taskRole);
  const targetGroups = roots.flatMap((r) => findAll(r, isTargetGroup));
  if (targetGroups.length > 0) {
    output(
      scope,
      `service_${name}_target_group_arns`,
      targetGroups.map((t) => t.arn),
      `ARNs of the target groups of service ${name}.`,
    );
  }
  const roles = roots.flatMap((r) => findAll(r, isRole));
  if (roles.length > 0) {
    output(
      scope,
      `service_${name}_role_arns`,
      Object.fromEntries(roles.map((r) => [roleKey(r.node.scope!.node.id, name), r.arn])),
      `ARNs of the IAM roles of service ${name}, by role (task, execution).`,
    );
  }
}
