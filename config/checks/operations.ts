/**
 * Cross-key checks for operations: host agent settings per AMI family, alerts and tasks.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import type { EcsConfig } from "../schema";
import { checkTaskDefinition } from "./task-definition";

type Add = (path: string, message: string) => void;

/** ECS allows at most 10 custom attributes per container instance. */
export const MAX_INSTANCE_ATTRIBUTES = 10;

export const checkOperations: ConfigCheck = (config, add) => {
  checkAgent(config, add);
  checkAlerts(config, add);
  checkTasks(config, add);
};

function checkAgent(config: EcsConfig, add: Add): void {
  const agent = config.capacity.agent;
  const at = "capacity.agent";
  if (config.capacity.image.family === "bottlerocket" && agent.docker.debug) {
    add(
      `${at}.docker.debug`,
      `true has no Bottlerocket setting (Bottlerocket runs containers with containerd, not a Docker daemon); allowed only with image families "al2023", "al2", "al1"`,
    );
  }
  for (const [name, limit] of Object.entries(agent.docker.defaultUlimits)) {
    if (limit.soft > limit.hard) add(`${at}.docker.defaultUlimits.${name}.soft`, `${limit.soft} must not be greater than hard (${limit.hard})`);
  }
  const attributes = Object.keys(agent.instanceAttributes);
  if (attributes.length > MAX_INSTANCE_ATTRIBUTES) {
    add(`${at}.instanceAttributes`, `has ${attributes.length} attributes; ECS allows at most ${MAX_INSTANCE_ATTRIBUTES} custom attributes per instance`);
  }
  if (agent.disableImageCleanup) {
    for (const key of ["imageCleanupInterval", "imageMinimumCleanupAge", "numImagesDeletePerCycle"] as const) {
      if (agent[key] !== undefined) add(`${at}.${key}`, `${show(agent[key])} has no effect with disableImageCleanup: true; remove one of them`);
    }
  }
}

function containersOf(config: EcsConfig, owner: string): string[] | undefined {
  const service = config.services.find((s) => s.name === owner);
  if (service) return service.containers.map((c) => c.name);
  const task = config.tasks.find((t) => t.name === owner);
  if (!task) return undefined;
  if (task.containers) return task.containers.map((c) => c.name);
  return task.fromService ? config.services.find((s) => s.name === task.fromService)?.containers.map((c) => c.name) : undefined;
}

function checkAlerts(config: EcsConfig, add: Add): void {
  const alerts = config.alerts;
  if (!alerts) return;
  if (!alerts.taskStopped && !alerts.agentDisconnected && !alerts.hostLeftActive) {
    add("alerts", "taskStopped, agentDisconnected and hostLeftActive are all false: nothing would be alerted; turn one on or leave alerts out");
  }
  const owners = [...config.services.map((s) => s.name), ...config.tasks.map((t) => t.name)];
  for (const [owner, names] of Object.entries(alerts.nonEssentialContainers)) {
    const containers = containersOf(config, owner);
    if (!containers) {
      add(`alerts.nonEssentialContainers.${owner}`, `${show(owner)} is not a service or task; allowed: ${owners.map((n) => show(n)).join(", ") || "(none defined)"}`);
      continue;
    }
    names.forEach((name, i) => {
      if (!containers.includes(name)) {
        add(`alerts.nonEssentialContainers.${owner}[${i}]`, `${show(name)} is not a container of ${show(owner)}; allowed: ${containers.map((c) => show(c)).join(", ")}`);
      }
    });
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkTasks(config: EcsConfig, add: Add): void {
  const serviceNames = config.services.map((s) => s.name);
  config.tasks.forEach((task, index) => {
    const at = `tasks[${index}]`;
    if (serviceNames.includes(task.name)) {
      // One name space: alerts.nonEssentialContainers and log groups are keyed by these names.
      add(`${at}.name`, `${show(task.name)} is already the name of a service; task and service names must differ`);
    }
    if (!isTimeZone(task.timezone)) add(`${at}.timezone`, `${show(task.timezone)} is not a known IANA time zone like "UTC", "Asia/Tokyo" or "Europe/Berlin"`);

    if ((task.fromService === undefined) === (task.containers === undefined)) {
      add(at, "needs exactly one of fromService (run a service's task definition) and containers (its own task definition)");
      return;
    }
    if (task.fromService !== undefined) {
      const service = config.services.find((s) => s.name === task.fromService);
      if (!service) {
        add(`${at}.fromService`, `${show(task.fromService)} is not a service in services; allowed: ${serviceNames.map((n) => show(n)).join(", ") || "(none defined)"}`);
        return;
      }
      if (service.stack !== undefined) {
        add(`${at}.fromService`, `${show(task.fromService)} lives in stack ${show(service.stack)}; tasks can reuse services of the cluster's own stack only`);
      }
      for (const key of ["cpu", "memory"] as const) {
        if (task[key] !== undefined) add(`${at}.${key}`, `${task[key]} cannot be set with fromService: the service's task definition decides; remove it or use containers`);
      }
    }
    const containers = containersOf(config, task.name) ?? [];
    for (const name of Object.keys(task.overrides)) {
      if (!containers.includes(name)) {
        add(`${at}.overrides.${name}`, `${show(name)} is not a container of this task; allowed: ${containers.map((c) => show(c)).join(", ")}`);
      }
    }
    // Containers, volumes, host ports and fit on a host: the same checks as a service's.
    if (task.containers) checkTaskDefinition(config, { containers: task.containers, cpu: task.cpu, memory: task.memory }, at, "task", add);
    if (task.containers && serviceNames.includes(`task-${task.name}`)) {
      add(`${at}.name`, `${show(task.name)}: its task definition family and log group would collide with service ${show(`task-${task.name}`)}; rename one`);
    }
  });
}
