/**
 * User data for ECS hosts: registers the instance with the cluster and writes ECS agent and
 * Docker settings, in the format the AMI family reads. Pure functions: no constructs, no I/O.
 *
 * ECS agent settings: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html
 * Bottlerocket settings: https://bottlerocket.dev/en/os/latest/api/settings/ecs/ and
 * https://bottlerocket.dev/en/os/latest/api/settings/oci-defaults/
 */
import { AmiFamily } from "./ecs-ami";

export interface UlimitProps {
  readonly soft: number;
  readonly hard: number;
}

export interface DockerDaemonProps {
  /** Docker daemon debug logging (`dockerd -D`); Amazon Linux only. @default false */
  readonly debug?: boolean;
  /** Default ulimits of every container, by Docker ulimit name (`nofile`). @default - the AMI's own */
  readonly defaultUlimits?: Record<string, UlimitProps>;
}

/** Typed ECS agent settings; each left out keeps the agent's (or Bottlerocket's) default. */
export interface AgentProps {
  /** ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION / task-cleanup-wait. @default - agent default 3h */
  readonly taskCleanupWaitDuration?: string;
  /** ECS_IMAGE_CLEANUP_INTERVAL / image-cleanup-wait. @default - agent default 30m */
  readonly imageCleanupInterval?: string;
  /** ECS_IMAGE_MINIMUM_CLEANUP_AGE / image-cleanup-age. @default - agent default 1h */
  readonly imageMinimumCleanupAge?: string;
  /** ECS_NUM_IMAGES_DELETE_PER_CYCLE / image-cleanup-delete-per-cycle. @default - agent default 5 */
  readonly numImagesDeletePerCycle?: number;
  /** ECS_DISABLE_IMAGE_CLEANUP / image-cleanup-enabled (inverted). @default - cleanup on */
  readonly disableImageCleanup?: boolean;
  /** ECS_ENABLE_CONTAINER_METADATA / enable-container-metadata. @default - off */
  readonly containerMetadata?: boolean;
  /** ECS_LOGLEVEL / loglevel. @default - info */
  readonly logLevel?: string;
  /** ECS_ENABLE_SPOT_INSTANCE_DRAINING / enable-spot-instance-draining. @default - off */
  readonly spotInstanceDraining?: boolean;
  /** ECS_INSTANCE_ATTRIBUTES / instance-attributes. @default - none */
  readonly instanceAttributes?: Record<string, string>;
  /** @default - Docker as the AMI configures it */
  readonly docker?: DockerDaemonProps;
  /**
   * Let the host start `privileged: true` containers. Bottlerocket refuses them unless
   * `settings.ecs.allow-privileged-containers` is true (its default is false); the ECS agent on
   * Amazon Linux allows them unless ECS_DISABLE_PRIVILEGED is set, so nothing is written there.
   * https://bottlerocket.dev/en/os/1.20.x/api/settings/ecs/
   * @default false
   */
  readonly allowPrivilegedContainers?: boolean;
}

export interface UserDataOptions {
  readonly family: AmiFamily;
  readonly clusterName: string;
  /** Typed agent and Docker settings. @default - none: only the cluster */
  readonly agent?: AgentProps;
  /**
   * Extra raw ECS agent variables for /etc/ecs/ecs.config, by name (Amazon Linux only).
   * @default - none
   */
  readonly agentSettings?: Record<string, string>;
}

/** Bottlerocket's name for each Docker ulimit (settings.oci-defaults.resource-limits.*). */
export const BOTTLEROCKET_RESOURCE_LIMITS: Record<string, string> = {
  core: "max-core-file-size",
  cpu: "max-cpu-time",
  data: "max-data-size",
  fsize: "max-file-size",
  locks: "max-file-locks",
  memlock: "max-locked-memory",
  msgqueue: "max-msgqueue-size",
  nice: "max-nice-priority",
  nofile: "max-open-files",
  nproc: "max-processes",
  rss: "max-resident-set",
  rtprio: "max-realtime-priority",
  rttime: "max-realtime-timeout",
  sigpending: "max-pending-signals",
  stack: "max-stack-size",
};

/** The /etc/ecs/ecs.config variables for typed agent settings (Amazon Linux). */
export function ecsAgentVariables(agent: AgentProps = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) out[name] = String(value);
  };
  set("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", agent.taskCleanupWaitDuration);
  set("ECS_IMAGE_CLEANUP_INTERVAL", agent.imageCleanupInterval);
  set("ECS_IMAGE_MINIMUM_CLEANUP_AGE", agent.imageMinimumCleanupAge);
  set("ECS_NUM_IMAGES_DELETE_PER_CYCLE", agent.numImagesDeletePerCycle);
  set("ECS_DISABLE_IMAGE_CLEANUP", agent.disableImageCleanup);
  set("ECS_ENABLE_CONTAINER_METADATA", agent.containerMetadata);
  set("ECS_LOGLEVEL", agent.logLevel);
  set("ECS_ENABLE_SPOT_INSTANCE_DRAINING", agent.spotInstanceDraining);
  const attributes = agent.instanceAttributes ?? {};
  if (Object.keys(attributes).length > 0) out.ECS_INSTANCE_ATTRIBUTES = JSON.stringify(sortedObject(attributes));
  return out;
}

/** dockerd flags for /etc/sysconfig/docker OPTIONS: `-D --default-ulimit nofile=1024:4096`. */
export function dockerFlags(docker: DockerDaemonProps = {}): string[] {
  const flags = docker.debug ? ["-D"] : [];
  const ulimits = docker.defaultUlimits ?? {};
  for (const name of Object.keys(ulimits).sort()) flags.push(`--default-ulimit ${name}=${ulimits[name].soft}:${ulimits[name].hard}`);
  return flags;
}

/** Renders the user data script (shell for Amazon Linux, TOML for Bottlerocket). */
export function renderUserData(options: UserDataOptions): string {
  const agent = options.agent ?? {};
  if (options.family === "bottlerocket") return renderBottlerocket(options.clusterName, agent, options.agentSettings);

  const settings: Record<string, string> = { ...ecsAgentVariables(agent), ...(options.agentSettings ?? {}) };
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name) || /[\r\n]/.test(value)) throw new Error(`agent setting ${name}=${JSON.stringify(value)} cannot be written to /etc/ecs/ecs.config`);
  }
  delete settings.ECS_CLUSTER;
  const lines = ["#!/bin/bash", "set -euo pipefail", "cat >> /etc/ecs/ecs.config <<'ECS_CONFIG'", `ECS_CLUSTER=${options.clusterName}`];
  for (const name of Object.keys(settings).sort()) lines.push(`${name}=${settings[name]}`);
  lines.push("ECS_CONFIG");

  const flags = dockerFlags(agent.docker);
  if (flags.length > 0) {
    // The Amazon Linux docker unit passes $OPTIONS from /etc/sysconfig/docker to dockerd, and the
    // ECS AMIs already set a default nofile ulimit there. The flags are appended before the
    // line's closing quote (a repeated --default-ulimit name wins), not written to daemon.json:
    // a setting given both as a flag and in daemon.json stops dockerd from starting.
    // ecs.service starts after cloud-init's user data, so Docker restarts before the agent runs.
    const dockerOptions = flags.join(" ");
    lines.push(
      "# Docker daemon options, then a restart so they apply before the ECS agent starts",
      "touch /etc/sysconfig/docker",
      `grep -q '^OPTIONS=' /etc/sysconfig/docker || echo 'OPTIONS=""' >> /etc/sysconfig/docker`,
      `sed -i '/^OPTIONS=/ s/"$/ ${dockerOptions}"/' /etc/sysconfig/docker`,
      options.family === "al1" ? "service docker restart" : "systemctl restart docker",
    );
  }
  lines.push("");
  return noTemplateSyntax(lines.join("\n"));
}

/**
 * The launch template passes the script through Terraform's base64encode() as an HCL string,
 * where backslashes and `${` / `%{` would be read as escapes and templates.
 */
function noTemplateSyntax(script: string): string {
  const bad = script.match(/\\|\$\{|%\{/);
  if (bad)
    throw new Error(
      `user data must not contain ${JSON.stringify(bad[0])} (a Terraform string escape or template); found in: ${script.split("\n").find((l) => l.includes(bad[0]))}`,
    );
  return script;
}

function renderBottlerocket(clusterName: string, agent: AgentProps, raw: Record<string, string> | undefined): string {
  if (raw && Object.keys(raw).length > 0) {
    throw new Error(`agentSettings (${Object.keys(raw).join(", ")}) cannot be written for Bottlerocket: it has no /etc/ecs/ecs.config; use the typed agent settings`);
  }
  if (agent.docker?.debug) throw new Error("docker.debug (true) has no Bottlerocket setting: Bottlerocket runs containers without a Docker daemon");
  const ecs: [string, string | number | boolean | undefined][] = [
    ["cluster", clusterName],
    ["loglevel", agent.logLevel],
    ["task-cleanup-wait", agent.taskCleanupWaitDuration],
    ["image-cleanup-wait", agent.imageCleanupInterval],
    ["image-cleanup-age", agent.imageMinimumCleanupAge],
    ["image-cleanup-delete-per-cycle", agent.numImagesDeletePerCycle],
    ["image-cleanup-enabled", agent.disableImageCleanup === undefined ? undefined : !agent.disableImageCleanup],
    ["enable-container-metadata", agent.containerMetadata],
    ["enable-spot-instance-draining", agent.spotInstanceDraining],
    ["allow-privileged-containers", agent.allowPrivilegedContainers ? true : undefined],
  ];
  const lines = ["[settings.ecs]"];
  for (const [key, value] of ecs) if (value !== undefined) lines.push(`${key} = ${tomlValue(value)}`);
  const attributes = agent.instanceAttributes ?? {};
  if (Object.keys(attributes).length > 0) {
    lines.push("", "[settings.ecs.instance-attributes]");
    for (const name of Object.keys(attributes).sort()) lines.push(`${tomlValue(name)} = ${tomlValue(attributes[name])}`);
  }
  const ulimits = agent.docker?.defaultUlimits ?? {};
  for (const name of Object.keys(ulimits).sort()) {
    const setting = BOTTLEROCKET_RESOURCE_LIMITS[name];
    if (!setting) throw new Error(`docker.defaultUlimits.${name} has no Bottlerocket resource limit; allowed: ${Object.keys(BOTTLEROCKET_RESOURCE_LIMITS).join(", ")}`);
    lines.push("", `[settings.oci-defaults.resource-limits.${setting}]`, `soft-limit = ${ulimits[name].soft}`, `hard-limit = ${ulimits[name].hard}`);
  }
  lines.push("");
  return noTemplateSyntax(lines.join("\n"));
}

function tomlValue(value: string | number | boolean): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function sortedObject(value: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );
}
