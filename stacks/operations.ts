/**
 * Operations resources of a cluster stack: task-failure alerts and one-off / scheduled tasks.
 * Maps config → constructs (modules/); the checks (config/checks/operations.ts) guarantee the references.
 */
import { TerraformOutput } from "../framework/cdktf";
import { EcsConfig } from "../config/schema";
import { EcsCapacity } from "../modules/ecs-capacity";
import { EcsCluster } from "../modules/ecs-cluster";
import { DrainHook } from "../modules/drain-hook";
import { EcsService } from "../modules/ecs-service";
import { runTaskCommand } from "../modules/run-task-command";
import { ScheduledTask } from "../modules/scheduled-task";
import { StandaloneTask } from "../modules/standalone-task";
import { TaskAlerts } from "../modules/task-alerts";
import { ReadableStack } from "./readable-stack";

/** What the operations resources need from the cluster stack. */
export interface OperationsScope {
  readonly stack: ReadableStack;
  readonly cluster: EcsCluster;
  readonly capacity: EcsCapacity;
  readonly services: Record<string, EcsService>;
  /** The drain hook, which then alerts to the alerts topic. */
  readonly drainHook?: DrainHook;
}

/**
 * Containers whose exit alone is no alert, as `<task definition family>/<container>`: every
 * container marked `essential: false`, plus those listed in alerts.nonEssentialContainers (by
 * service or task name). Scoped by family, so a sidecar name in one service does not silence an
 * essential container of the same name in another.
 */
export function nonEssentialContainerNames(config: EcsConfig): string[] {
  const serviceFamily = (service: string) => `${config.name}-${service}`;
  const familyOf = (owner: string): string | undefined => {
    if (config.services.some((s) => s.name === owner)) return serviceFamily(owner);
    const task = config.tasks.find((t) => t.name === owner);
    if (!task) return undefined;
    return task.containers ? `${config.name}-task-${task.name}` : task.fromService ? serviceFamily(task.fromService) : undefined;
  };
  const names = new Set<string>();
  for (const owner of [...config.services, ...config.tasks]) {
    const family = familyOf(owner.name);
    for (const c of owner.containers ?? []) if (!c.essential && family) names.add(`${family}/${c.name}`);
  }
  for (const [owner, list] of Object.entries(config.alerts?.nonEssentialContainers ?? {})) {
    const family = familyOf(owner);
    if (family) for (const n of list) names.add(`${family}/${n}`);
  }
  return [...names].sort();
}

/**
 * awslogs group and stream prefix per task definition family, for the alerts' log links: the
 * defaults of modules/ecs-service.ts (`/ecs/<cluster>/<service>`, prefix `<service>`) and
 * modules/standalone-task.ts (`/ecs/<cluster>/task-<task>`, prefix `task-<task>`); a test compares
 * them with the synthesized task definitions.
 */
export function alertLogStreams(config: EcsConfig): Record<string, { group: string; prefix: string }> {
  const streams: Record<string, { group: string; prefix: string }> = {};
  for (const s of config.services) {
    streams[`${config.name}-${s.name}`] = { group: s.logs.groupName ?? `/ecs/${config.name}/${s.name}`, prefix: s.name };
  }
  for (const t of config.tasks.filter((t) => t.containers)) {
    streams[`${config.name}-task-${t.name}`] = { group: `/ecs/${config.name}/task-${t.name}`, prefix: `task-${t.name}` };
  }
  return streams;
}

export function addOperations(scope: OperationsScope, config: EcsConfig): void {
  const { stack, cluster, capacity, services } = scope;
  const clusterName = config.name;

  if (config.alerts) {
    const alerts = new TaskAlerts(stack, "alerts", {
      namePrefix: clusterName,
      clusterArn: cluster.arn,
      clusterName,
      region: config.region,
      agentDisconnectedGraceSeconds: config.alerts.agentDisconnectedGraceSeconds,
      logStreams: alertLogStreams(config),
      emails: config.alerts.email,
      nonEssentialContainers: nonEssentialContainerNames(config),
      taskStopped: config.alerts.taskStopped,
      agentDisconnected: config.alerts.agentDisconnected,
      hostLeftActive: config.alerts.hostLeftActive,
      topicKmsKeyArn: config.alerts.topicKmsKeyArn,
      logRetentionInDays: config.alerts.logRetentionInDays,
    });
    scope.drainHook?.alertTo(alerts.topic.arn, config.alerts.topicKmsKeyArn);
  }

  for (const task of config.tasks) {
    const service = task.fromService ? services[task.fromService] : undefined;
    const own = service
      ? undefined
      : new StandaloneTask(stack, `task-${task.name}`, {
          name: task.name,
          clusterName,
          region: config.region,
          containers: task.containers ?? [],
          cpu: task.cpu,
          memory: task.memory,
          logRetentionInDays: task.logRetentionInDays,
        });
    const source = (service ?? own)!;
    const firstContainer = service ? config.services.find((s) => s.name === task.fromService)!.containers[0].name : task.containers![0].name;
    if (task.schedule) {
      new ScheduledTask(stack, `schedule-${task.name}`, {
        name: `${clusterName}-${task.name}`,
        region: config.region,
        clusterArn: cluster.arn,
        scheduleExpression: task.schedule,
        timezone: task.timezone,
        taskDefinition: source.taskDefinition,
        executionRoleArn: source.executionRole.role.arn,
        taskRoleArn: source.taskRole.role.arn,
        capacityProviderName: capacity.capacityProvider.name,
        taskCount: task.count,
        overrides: task.overrides,
      });
    } else {
      new TerraformOutput(stack, `run_task_${task.name.replace(/-/g, "_")}`, {
        description: `Runs the one-off task ${task.name}: edit --overrides, then paste into a shell`,
        value: runTaskCommand({
          region: config.region,
          cluster: cluster.name,
          taskDefinition: source.taskDefinition.family,
          capacityProvider: capacity.capacityProvider.name,
          count: task.count,
          overrides: task.overrides,
          placeholderContainer: firstContainer,
        }),
      });
    }
  }
}
