/**
 * Every name the output gives an AWS resource, derived from the config names it comes from, and
 * checked against AWS's rules for that kind of name (config/validate/aws-names.ts). A name AWS
 * would refuse at apply (an ALB called `internal-...`, a security group called `sg-...`) is a
 * config error naming the field and value that produced it.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import type { EcsConfig } from "../schema";
import { loadBalancerName } from "../names";
import { AwsNameKind, awsName } from "../validate/aws-names";
import { fitPrefix } from "../../modules/names";

export interface GeneratedName {
  readonly kind: AwsNameKind;
  /** The name, or the `name_prefix` when `prefix` is set. */
  readonly name: string;
  readonly prefix?: boolean;
  /** Config path of the name that produced it, and its value. */
  readonly from: string;
  readonly value: string;
}

/** The names (and name prefixes) the stacks derive from the config. */
export function generatedNames(config: EcsConfig): GeneratedName[] {
  const cluster = config.name;
  const names: GeneratedName[] = [];
  const add = (kind: AwsNameKind, name: string, from: string, value: string, prefix = false) => names.push({ kind, name, from, value, prefix });
  const fromCluster = (kind: AwsNameKind, name: string, prefix = false) => add(kind, name, "name", cluster, prefix);

  fromCluster("ecsCluster", cluster);
  fromCluster("capacityProvider", `hosts-${cluster}`);
  fromCluster("autoScalingGroup", `${fitPrefix(cluster, 200)}-`, true);
  fromCluster("launchTemplate", `${fitPrefix(cluster, 124)}-`, true);
  fromCluster("securityGroup", `${fitPrefix(`${cluster}-hosts`, 99)}-`, true);
  fromCluster("iamRole", `${fitPrefix(`${cluster}-host`, 37)}-`, true);
  fromCluster("instanceProfile", `${fitPrefix(`${cluster}-host`, 37)}-`, true);
  if (config.capacity.drainOnScaleIn ?? !config.capacity.managedDraining) {
    fromCluster("lambdaFunction", `${fitPrefix(cluster, 49)}-drain-instance`);
    fromCluster("logGroup", `/aws/lambda/${fitPrefix(cluster, 49)}-drain-instance`);
    fromCluster("iamRole", `${fitPrefix(`${cluster}-drain`, 37)}-`, true);
    fromCluster("eventRule", `${fitPrefix(cluster, 40)}-drain-instance`);
  }
  if (config.alerts) {
    const alertPrefix = fitPrefix(cluster, 40);
    fromCluster("snsTopic", `${fitPrefix(cluster, 244)}-alerts`);
    fromCluster("lambdaFunction", `${alertPrefix}-task-alert`);
    fromCluster("logGroup", `/aws/lambda/${alertPrefix}-task-alert`);
    fromCluster("iamRole", `${fitPrefix(cluster, 26)}-alert-`, true);
    if (config.alerts.taskStopped) fromCluster("eventRule", `${alertPrefix}-task-stopped`);
    if (config.alerts.agentDisconnected) fromCluster("eventRule", `${alertPrefix}-agent-disconnected`);
    if (config.alerts.hostLeftActive) fromCluster("eventRule", `${alertPrefix}-host-left-active`);
  }

  config.loadBalancers.forEach((lb, i) => {
    const name = loadBalancerName(cluster, lb.name);
    // The cluster part makes the name unless the load balancer's own name is used alone.
    const [from, value] = name === lb.name ? [`loadBalancers[${i}].name`, lb.name] : ["name", cluster];
    add("loadBalancer", name, from, value);
    add("securityGroup", `${fitPrefix(`${name}-alb`, 99)}-`, from, value, true);
  });

  config.services.forEach((service, i) => {
    const at = `services[${i}]`;
    const family = `${cluster}-${service.name}`;
    add("ecsService", service.name, `${at}.name`, service.name);
    add("taskFamily", family, `${at}.name`, service.name);
    add(
      "logGroup",
      service.logs.groupName ?? `/ecs/${cluster}/${service.name}`,
      service.logs.groupName ? `${at}.logs.groupName` : `${at}.name`,
      service.logs.groupName ?? service.name,
    );
    add("iamRole", `${fitPrefix(`${family}-task`, 37)}-`, `${at}.name`, service.name, true);
    add("iamRole", `${fitPrefix(`${family}-exec`, 37)}-`, `${at}.name`, service.name, true);
    (service.capacityProviderStrategy ?? []).forEach((s, j) =>
      add("capacityProvider", s.capacityProvider, `${at}.capacityProviderStrategy[${j}].capacityProvider`, s.capacityProvider),
    );
  });

  config.tasks.forEach((task, i) => {
    const at = `tasks[${i}].name`;
    if (task.containers) {
      const family = `${cluster}-task-${task.name}`;
      add("taskFamily", family, at, task.name);
      add("logGroup", `/ecs/${cluster}/task-${task.name}`, at, task.name);
      add("iamRole", `${fitPrefix(`${family}-task`, 37)}-`, at, task.name, true);
      add("iamRole", `${fitPrefix(`${family}-exec`, 37)}-`, at, task.name, true);
    }
    if (task.schedule) {
      add("schedule", `${cluster}-${task.name}`, at, task.name);
      add("iamRole", `${fitPrefix(`${cluster}-${task.name}`, 28)}-sch-`, at, task.name, true);
    }
  });
  return names;
}

export const checkNames: ConfigCheck = (config, add) => {
  const reported = new Set<string>();
  for (const generated of generatedNames(config)) {
    const problem = awsName(generated.kind, generated.name, { prefix: generated.prefix });
    if (!problem) continue;
    const message =
      generated.name === generated.value && !generated.prefix
        ? `${show(generated.value)} is not ${problem}`
        : `${show(generated.value)} makes the ${generated.prefix ? "name prefix" : "name"} ${JSON.stringify(generated.name)}, which is not ${problem}`;
    // One message per field and rule: a cluster name starting with "sg-" breaks two security groups.
    const key = `${generated.from}\n${problem}`;
    if (reported.has(key)) continue;
    reported.add(key);
    add(generated.from, message);
  }
};
