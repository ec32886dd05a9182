/**
 * Cross-key checks for services: load balancer targets and listener rules, references between
 * containers and volumes, placement, scheduling, fixed host ports, and whether a task fits on
 * one host of the configured instance type.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import type { EcsConfig, ServiceConfig } from "../schema";
import { deploymentOf, fixedHostPorts, serviceTargets } from "../sections/service";
import { instanceTypeSize } from "../../modules/instance-types";

type Add = (path: string, message: string) => void;

/** Host ports ECS reserves on container instances (SSH, Docker, the ECS agent). */
const RESERVED_HOST_PORTS = [22, 2375, 2376, 51678, 51679, 51680];

export const checkServices: ConfigCheck = (config, add) => {
  config.services.forEach((service, index) => {
    const at = `services[${index}]`;
    checkTargets(config, service, at, add);
    checkContainers(service, at, add);
    checkVolumes(service, at, add);
    checkScheduling(service, at, add);
    checkFixedHostPorts(service, at, add);
    checkFitsOnHost(config, service, at, add);
  });
  checkListenerRules(config, add);
};

function checkTargets(config: EcsConfig, service: ServiceConfig, at: string, add: Add): void {
  const lbNames = config.loadBalancers.map((l) => l.name);
  if (service.loadBalancer && service.loadBalancers.length > 0) {
    add(`${at}.loadBalancer`, "cannot be set together with loadBalancers; move it into the loadBalancers list");
  }
  const seen = new Map<string, string>();
  for (const { at: where, target, container, containerPort } of serviceTargets(service)) {
    const path = `${at}.${where}`;
    if (!lbNames.includes(target.name)) {
      add(`${path}.name`, `${show(target.name)} is not a load balancer in loadBalancers; allowed: ${lbNames.map((n) => show(n)).join(", ") || "(none defined)"}`);
    }
    if (!container) {
      add(
        `${path}.containerName`,
        target.containerName
          ? `${show(target.containerName)} is not a container of this service; allowed: ${service.containers.map((c) => show(c.name)).join(", ")}`
          : "no container of this service has a port mapping to send traffic to",
      );
      continue;
    }
    const mapping = container.portMappings.find((p) => p.containerPort === containerPort);
    if (!mapping) {
      add(
        `${path}.containerPort`,
        `${containerPort} is not exposed by container ${show(container.name)}; its ports: ${container.portMappings.map((p) => p.containerPort).join(", ") || "(none)"}`,
      );
    } else if (mapping.protocol !== "tcp") {
      add(`${path}.containerPort`, `${containerPort} is a ${mapping.protocol} port of container ${show(container.name)}; an Application Load Balancer forwards tcp (HTTP) only`);
    }
    const key = `${container.name}:${containerPort}`;
    if (seen.has(key)) add(path, `targets container ${show(container.name)} port ${containerPort} again (already ${seen.get(key)}); each container port may have one target group`);
    else seen.set(key, path);
    if (target.healthCheckTimeoutSeconds >= target.healthCheckIntervalSeconds) {
      add(`${path}.healthCheckTimeoutSeconds`, `${target.healthCheckTimeoutSeconds} must be less than healthCheckIntervalSeconds (${target.healthCheckIntervalSeconds})`);
    }
  }
  const targetCount = serviceTargets(service).length;
  if (service.legacyServiceRoleArn && targetCount === 0) {
    add(`${at}.legacyServiceRoleArn`, `${show(service.legacyServiceRoleArn)} is only used to register tasks with a load balancer; this service has none`);
  } else if (service.legacyServiceRoleArn && targetCount > 1) {
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/register-multiple-targetgroups.html
    add(`${at}.legacyServiceRoleArn`, `cannot be used with ${targetCount} target groups: ECS requires its service-linked role for several target groups; remove legacyServiceRoleArn`);
  }
  serviceTargets(service).forEach(({ at: where, target }) => {
    const values = target.pathPatterns.length + target.hostHeaders.length;
    if (values > 5) {
      // Application Load Balancer quota: 5 condition values per listener rule.
      add(`${at}.${where}.hostHeaders`, `${target.hostHeaders.length} host headers and ${target.pathPatterns.length} path patterns make ${values} condition values; a listener rule allows 5 in total`);
    }
  });
}

/** Every target on one load balancer needs its own priority and its own host/path condition. */
function checkListenerRules(config: EcsConfig, add: Add): void {
  const byLb = new Map<string, { path: string; priority?: number; condition: string }[]>();
  config.services.forEach((service, index) => {
    for (const { at, target } of serviceTargets(service)) {
      const users = byLb.get(target.name) ?? [];
      const condition = `host ${show([...target.hostHeaders].sort())} path ${show([...target.pathPatterns].sort())}`;
      users.push({ path: `services[${index}].${at}`, priority: target.priority, condition });
      byLb.set(target.name, users);
    }
  });
  for (const [lb, users] of byLb) {
    if (users.length < 2) continue;
    const priorities = new Map<number, string>();
    const conditions = new Map<string, string>();
    for (const user of users) {
      if (user.priority === undefined) {
        add(`${user.path}.priority`, `is required: ${users.length} targets share load balancer ${show(lb)}; give each a unique listener rule priority (1-50000)`);
      } else if (priorities.has(user.priority)) {
        add(`${user.path}.priority`, `${user.priority} is already used by ${priorities.get(user.priority)} on load balancer ${show(lb)}; priorities must be unique`);
      } else {
        priorities.set(user.priority, user.path);
      }
      if (conditions.has(user.condition)) {
        add(user.path, `routes the same ${user.condition} as ${conditions.get(user.condition)} on load balancer ${show(lb)}; give one of them other hostHeaders or pathPatterns`);
      } else {
        conditions.set(user.condition, user.path);
      }
    }
  }
}

function checkContainers(service: ServiceConfig, at: string, add: Add): void {
  const names = service.containers.map((c) => c.name);
  const volumes = service.volumes.map((v) => v.name);
  const others = (self: string) => names.filter((n) => n !== self).map((n) => show(n)).join(", ") || "(none: the task has one container)";
  service.containers.forEach((c, i) => {
    const path = `${at}.containers[${i}]`;
    if (service.memory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
      add(path, `container ${show(c.name)} needs memory or memoryReservation (MiB) when the service sets no task memory`);
    }
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation >= c.memory) {
      add(`${path}.memoryReservation`, `${c.memoryReservation} must be less than memory (${c.memory})`);
    }
    if (service.memory !== undefined && c.memory !== undefined && c.memory > service.memory) {
      add(`${path}.memory`, `${c.memory} is more than the task's memory (${service.memory})`);
    }
    if (c.healthCheck && !["CMD", "CMD-SHELL"].includes(c.healthCheck.command[0])) {
      add(`${path}.healthCheck.command`, `starts with ${show(c.healthCheck.command[0])}; it must start with "CMD" or "CMD-SHELL"`);
    }
    if (c.healthCheck && c.healthCheck.timeoutSeconds >= c.healthCheck.intervalSeconds) {
      add(`${path}.healthCheck.timeoutSeconds`, `${c.healthCheck.timeoutSeconds} must be less than intervalSeconds (${c.healthCheck.intervalSeconds})`);
    }
    c.ulimits.forEach((u, j) => {
      if (u.softLimit > u.hardLimit) add(`${path}.ulimits[${j}].softLimit`, `${u.softLimit} must not be greater than hardLimit (${u.hardLimit})`);
    });
    c.dependsOn.forEach((d, j) => {
      if (d.containerName === c.name || !names.includes(d.containerName)) {
        add(`${path}.dependsOn[${j}].containerName`, `${show(d.containerName)} is not another container of this service; allowed: ${others(c.name)}`);
      }
    });
    c.links.forEach((link, j) => {
      const target = link.split(":")[0];
      if (target === c.name || !names.includes(target)) add(`${path}.links[${j}]`, `${show(link)} does not name another container of this service; allowed: ${others(c.name)}`);
    });
    c.volumesFrom.forEach((v, j) => {
      if (v.sourceContainer === c.name || !names.includes(v.sourceContainer)) {
        add(`${path}.volumesFrom[${j}].sourceContainer`, `${show(v.sourceContainer)} is not another container of this service; allowed: ${others(c.name)}`);
      }
    });
    c.mountPoints.forEach((m, j) => {
      if (!volumes.includes(m.sourceVolume)) {
        add(`${path}.mountPoints[${j}].sourceVolume`, `${show(m.sourceVolume)} is not in ${at}.volumes; allowed: ${volumes.map((v) => show(v)).join(", ") || "(none defined)"}`);
      }
    });
    const hostPorts = new Set<string>();
    c.portMappings.forEach((p, j) => {
      const key = `${p.hostPort}/${p.protocol}`;
      if (p.hostPort !== 0 && hostPorts.has(key)) add(`${path}.portMappings[${j}].hostPort`, `${p.hostPort} (${p.protocol}) is mapped twice in this container`);
      hostPorts.add(key);
    });
  });
}

function checkVolumes(service: ServiceConfig, at: string, add: Add): void {
  service.volumes.forEach((v, i) => {
    const path = `${at}.volumes[${i}]`;
    const kinds = (["hostPath", "docker", "efs"] as const).filter((k) => v[k] !== undefined);
    if (kinds.length > 1) add(path, `sets ${kinds.join(" and ")}; a volume is one of hostPath, docker or efs`);
    if (v.docker?.autoprovision && v.docker.scope !== "shared") add(`${path}.docker.autoprovision`, `true needs scope "shared", not ${show(v.docker.scope)}`);
    const efs = v.efs;
    if (efs?.accessPointId && efs.transitEncryption !== "ENABLED") add(`${path}.efs.transitEncryption`, `${show(efs.transitEncryption)} is not allowed with accessPointId; use "ENABLED"`);
    if (efs?.accessPointId && efs.rootDirectory !== undefined && efs.rootDirectory !== "/") {
      add(`${path}.efs.rootDirectory`, `${show(efs.rootDirectory)} cannot be set with accessPointId: the access point sets the directory`);
    }
    if (efs?.iam === "ENABLED" && efs.transitEncryption !== "ENABLED") add(`${path}.efs.iam`, `"ENABLED" needs transitEncryption "ENABLED"`);
  });
}

function checkScheduling(service: ServiceConfig, at: string, add: Add): void {
  const daemon = service.schedulingStrategy === "DAEMON";
  if (service.launchType && service.capacityProviderStrategy) {
    add(`${at}.capacityProviderStrategy`, `cannot be set together with launchType ${show(service.launchType)}; a service uses one or the other`);
  }
  if (daemon) {
    if (service.desiredCount !== 1) add(`${at}.desiredCount`, `${service.desiredCount} cannot be set with schedulingStrategy DAEMON: it runs one task on every host`);
    if (service.capacityProviderStrategy) add(`${at}.capacityProviderStrategy`, "cannot be set with schedulingStrategy DAEMON: daemon services use launch type EC2");
    if (service.placementStrategy) add(`${at}.placementStrategy`, "cannot be set with schedulingStrategy DAEMON: it runs one task on every host");
    const max = service.deployment.maximumPercent;
    if (max !== undefined && max !== 100) add(`${at}.deployment.maximumPercent`, `${max} cannot be set with schedulingStrategy DAEMON (AWS keeps 100)`);
  }
  const { minimumHealthyPercent, maximumPercent } = deploymentOf(service);
  if (minimumHealthyPercent >= maximumPercent) {
    add(`${at}.deployment.minimumHealthyPercent`, `${minimumHealthyPercent} must be less than maximumPercent (${maximumPercent}), or deployments cannot replace a task`);
  }
  service.placementConstraints.forEach((c, i) => {
    if (c.type === "memberOf" && c.expression === undefined) add(`${at}.placementConstraints[${i}].expression`, "is required for type memberOf");
    if (c.type === "distinctInstance" && c.expression !== undefined) add(`${at}.placementConstraints[${i}].expression`, "cannot be set for type distinctInstance");
  });
  (service.placementStrategy ?? []).forEach((s, i) => {
    const path = `${at}.placementStrategy[${i}].field`;
    if (s.type === "random" && s.field !== undefined) add(path, `${show(s.field)} cannot be set for type random`);
    if (s.type === "binpack" && s.field !== "cpu" && s.field !== "memory") add(path, `${show(s.field)} is not allowed for type binpack; use "cpu" or "memory"`);
    if (s.type === "spread" && (s.field === undefined || !/^(instanceId|host|attribute:.+)$/.test(s.field))) {
      add(path, `${show(s.field)} is not allowed for type spread; use "instanceId", "host" or "attribute:<name>" like attribute:ecs.availability-zone`);
    }
  });
}

/**
 * A fixed host port can be used by one task per host. Two copies on one host (desiredCount > 1,
 * or a rolling deployment starting the new task before stopping the old) cannot start.
 */
function checkFixedHostPorts(service: ServiceConfig, at: string, add: Add): void {
  const fixed = fixedHostPorts(service);
  const seen = new Map<string, string>();
  service.containers.forEach((c, i) =>
    c.portMappings.forEach((p, j) => {
      if (p.hostPort === 0) return;
      const path = `${at}.containers[${i}].portMappings[${j}].hostPort`;
      if (RESERVED_HOST_PORTS.includes(p.hostPort)) {
        add(path, `${p.hostPort} is reserved on ECS hosts (SSH, Docker, the ECS agent: ${RESERVED_HOST_PORTS.join(", ")}); use another port or hostPort 0`);
      } else if (p.hostPort >= 32768) {
        add(path, `${p.hostPort} lies in the ephemeral range 32768-65535 that dynamic host ports are taken from; use a port below 32768 or hostPort 0`);
      }
      const key = `${p.hostPort}/${p.protocol}`;
      const other = seen.get(key);
      if (other !== undefined && other !== c.name) add(path, `${p.hostPort} (${p.protocol}) is also the host port of container ${show(other)} in this task`);
      seen.set(key, c.name);
    }),
  );
  if (fixed.length === 0 || service.schedulingStrategy === "DAEMON") return;
  const ports = fixed.map((p) => `${p.hostPort} (container ${show(p.container)})`).join(", ");
  const fix = "use hostPort 0 (dynamic host ports, so several copies fit on one host behind the load balancer), or set deployment.maximumPercent: 100 and a distinctInstance placement constraint";
  const distinct = service.placementConstraints.some((c) => c.type === "distinctInstance");
  if (service.desiredCount > 1 && !distinct) {
    add(`${at}.desiredCount`, `${service.desiredCount} tasks with fixed host port ${ports} can collide on one host; ${fix}`);
  }
  const { maximumPercent } = deploymentOf(service);
  if (maximumPercent > 100) {
    add(`${at}.deployment.maximumPercent`, `${maximumPercent} starts a second copy next to the old one during a deployment, but fixed host port ${ports} is taken; ${fix}`);
  }
}

/** A task must fit on one host; types not in modules/instance-types.ts are not checked. */
function checkFitsOnHost(config: EcsConfig, service: ServiceConfig, at: string, add: Add): void {
  const type = config.capacity.instanceType;
  const size = instanceTypeSize(type);
  if (!size) return;
  const hostMiB = size.memoryMiB;
  const hostCpu = size.vcpus * 1024;
  const note = `on ${type} (${hostMiB} MiB, of which the ECS agent registers a little less)`;
  if (service.memory !== undefined && service.memory > hostMiB) {
    add(`${at}.memory`, `${service.memory} MiB does not fit ${note}; use a smaller task or a larger capacity.instanceType`);
  }
  if (service.cpu !== undefined && service.cpu > hostCpu) {
    add(`${at}.cpu`, `${service.cpu} units does not fit on ${type} (${hostCpu} units = ${size.vcpus} vCPUs)`);
  }
  let total = 0;
  let totalCpu = 0;
  service.containers.forEach((c, i) => {
    const need = c.memoryReservation ?? c.memory ?? 0;
    total += need;
    totalCpu += c.cpu ?? 0;
    const biggest = Math.max(c.memory ?? 0, c.memoryReservation ?? 0);
    if (biggest > hostMiB) add(`${at}.containers[${i}].memory`, `${biggest} MiB does not fit ${note}`);
  });
  if (service.memory === undefined && total > hostMiB) {
    add(`${at}.containers`, `together reserve ${total} MiB, which does not fit ${note}`);
  }
  if (service.cpu === undefined && totalCpu > hostCpu) {
    add(`${at}.containers`, `together reserve ${totalCpu} CPU units, which does not fit on ${type} (${hostCpu} units = ${size.vcpus} vCPUs)`);
  }
}
