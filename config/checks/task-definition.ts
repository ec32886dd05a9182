/**
 * Checks of one task definition: its containers, volumes, host ports and whether it fits on a
 * host. Written once for the task definition type and used wherever one appears: services
 * (services[]) and tasks with their own containers (tasks[].containers).
 */
import { show } from "../schema-dsl";
import type { ContainerConfig, EcsConfig, ServiceConfig } from "../schema";
import { instanceTypeSize } from "../../modules/instance-types";

type Add = (path: string, message: string) => void;

/** Host ports ECS reserves on container instances (SSH, Docker, the ECS agent). */
export const RESERVED_HOST_PORTS = [22, 2375, 2376, 51678, 51679, 51680];

/** What a service and a task with its own containers have in common. */
export interface TaskDefinitionConfig {
  readonly containers: readonly ContainerConfig[];
  readonly cpu?: number;
  readonly memory?: number;
  /** Volumes the containers may mount; undefined where the config has no `volumes` key (tasks). */
  readonly volumes?: ServiceConfig["volumes"];
}

/**
 * Every check of a task definition at config path `at`; `owner` names what it belongs to in
 * messages ("service" or "task").
 */
export function checkTaskDefinition(config: EcsConfig, def: TaskDefinitionConfig, at: string, owner: "service" | "task", add: Add): void {
  checkContainers(def, at, owner, add);
  checkVolumes(def, at, add);
  checkHostPorts(def, at, add);
  checkFitsOnHost(config, def, at, add);
}

function checkContainers(def: TaskDefinitionConfig, at: string, owner: string, add: Add): void {
  const names = def.containers.map((c) => c.name);
  const volumes = (def.volumes ?? []).map((v) => v.name);
  const others = (self: string) =>
    names
      .filter((n) => n !== self)
      .map((n) => show(n))
      .join(", ") || "(none: the task has one container)";
  def.containers.forEach((c, i) => {
    const path = `${at}.containers[${i}]`;
    if (def.memory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
      add(path, `container ${show(c.name)} needs memory or memoryReservation (MiB) when the ${owner} sets no task memory`);
    }
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation >= c.memory) {
      add(`${path}.memoryReservation`, `${c.memoryReservation} must be less than memory (${c.memory})`);
    }
    if (def.memory !== undefined && c.memory !== undefined && c.memory > def.memory) {
      add(`${path}.memory`, `${c.memory} is more than the task's memory (${def.memory})`);
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
      const target = def.containers.find((other) => other.name === d.containerName);
      if (d.containerName === c.name || !target) {
        add(`${path}.dependsOn[${j}].containerName`, `${show(d.containerName)} is not another container of this ${owner}; allowed: ${others(c.name)}`);
      } else if (d.condition === "HEALTHY" && !target.healthCheck) {
        // HEALTHY "requires that the dependent container has health checks configured":
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
        add(`${path}.dependsOn[${j}].condition`, `"HEALTHY" needs a healthCheck on container ${show(d.containerName)}, which has none; add one or use "START"`);
      }
    });
    c.links.forEach((link, j) => {
      const target = link.split(":")[0];
      if (target === c.name || !names.includes(target)) add(`${path}.links[${j}]`, `${show(link)} does not name another container of this ${owner}; allowed: ${others(c.name)}`);
    });
    c.volumesFrom.forEach((v, j) => {
      if (v.sourceContainer === c.name || !names.includes(v.sourceContainer)) {
        add(`${path}.volumesFrom[${j}].sourceContainer`, `${show(v.sourceContainer)} is not another container of this ${owner}; allowed: ${others(c.name)}`);
      }
    });
    c.mountPoints.forEach((m, j) => {
      if (def.volumes === undefined) {
        add(`${path}.mountPoints[${j}].sourceVolume`, `${show(m.sourceVolume)} cannot be mounted: a ${owner} has no volumes; remove the mount point`);
      } else if (!volumes.includes(m.sourceVolume)) {
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

function checkVolumes(def: TaskDefinitionConfig, at: string, add: Add): void {
  (def.volumes ?? []).forEach((v, i) => {
    const path = `${at}.volumes[${i}]`;
    const kinds = (["hostPath", "docker", "efs"] as const).filter((k) => v[k] !== undefined);
    if (kinds.length > 1) add(path, `sets ${kinds.join(" and ")}; a volume is one of hostPath, docker or efs`);
    if (v.docker?.autoprovision && v.docker.scope !== "shared") add(`${path}.docker.autoprovision`, `true needs scope "shared", not ${show(v.docker.scope)}`);
    const efs = v.efs;
    if (efs?.accessPointId && efs.transitEncryption !== "ENABLED")
      add(`${path}.efs.transitEncryption`, `${show(efs.transitEncryption)} is not allowed with accessPointId; use "ENABLED"`);
    if (efs?.accessPointId && efs.rootDirectory !== undefined && efs.rootDirectory !== "/") {
      add(`${path}.efs.rootDirectory`, `${show(efs.rootDirectory)} cannot be set with accessPointId: the access point sets the directory`);
    }
    if (efs?.iam === "ENABLED" && efs.transitEncryption !== "ENABLED") add(`${path}.efs.iam`, `"ENABLED" needs transitEncryption "ENABLED"`);
  });
}

/** Fixed host ports: not reserved by ECS, not in the ephemeral range, one container each. */
function checkHostPorts(def: TaskDefinitionConfig, at: string, add: Add): void {
  const seen = new Map<string, string>();
  def.containers.forEach((c, i) =>
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
}

/** A task must fit on one host; types not in modules/instance-types.ts are not checked. */
function checkFitsOnHost(config: EcsConfig, def: TaskDefinitionConfig, at: string, add: Add): void {
  const type = config.capacity.instanceType;
  const size = instanceTypeSize(type);
  if (!size) return;
  const hostMiB = size.memoryMiB;
  const hostCpu = size.vcpus * 1024;
  const note = `on ${type} (${hostMiB} MiB, of which the ECS agent registers a little less)`;
  if (def.memory !== undefined && def.memory > hostMiB) {
    add(`${at}.memory`, `${def.memory} MiB does not fit ${note}; use a smaller task or a larger capacity.instanceType`);
  }
  if (def.cpu !== undefined && def.cpu > hostCpu) {
    add(`${at}.cpu`, `${def.cpu} units does not fit on ${type} (${hostCpu} units = ${size.vcpus} vCPUs)`);
  }
  let total = 0;
  let totalCpu = 0;
  def.containers.forEach((c, i) => {
    const need = c.memoryReservation ?? c.memory ?? 0;
    total += need;
    totalCpu += c.cpu ?? 0;
    const biggest = Math.max(c.memory ?? 0, c.memoryReservation ?? 0);
    if (biggest > hostMiB) add(`${at}.containers[${i}].memory`, `${biggest} MiB does not fit ${note}`);
  });
  if (def.memory === undefined && total > hostMiB) {
    add(`${at}.containers`, `together reserve ${total} MiB, which does not fit ${note}`);
  }
  if (def.cpu === undefined && totalCpu > hostCpu) {
    add(`${at}.containers`, `together reserve ${totalCpu} CPU units, which does not fit on ${type} (${hostCpu} units = ${size.vcpus} vCPUs)`);
  }
}
