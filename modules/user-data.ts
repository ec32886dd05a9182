/**
 * User data for ECS hosts: registers the instance with the cluster and writes ECS agent and
 * Docker settings, in the format the AMI family reads. Pure functions: no constructs, no I/O.
 *
 * ECS agent settings: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html
 * Bottlerocket settings: https://bottlerocket.dev/en/os/latest/api/settings/ecs/
 */
import { AmiFamily } from "./ecs-ami";

export interface UserDataOptions {
  readonly family: AmiFamily;
  readonly clusterName: string;
  /**
   * Extra ECS agent variables for /etc/ecs/ecs.config, by name (ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION...).
   * @default - none: only ECS_CLUSTER
   */
  readonly agentSettings?: Record<string, string>;
}

/** Renders the user data script (shell for Amazon Linux, TOML for Bottlerocket). */
export function renderUserData(options: UserDataOptions): string {
  const settings: Record<string, string> = { ECS_CLUSTER: options.clusterName, ...(options.agentSettings ?? {}) };
  const names = Object.keys(settings).sort((a, b) => (a === "ECS_CLUSTER" ? -1 : b === "ECS_CLUSTER" ? 1 : a.localeCompare(b)));
  if (options.family === "bottlerocket") {
    return ["[settings.ecs]", `cluster = ${tomlString(options.clusterName)}`, ""].join("\n");
  }
  const lines = names.map((name) => `${name}=${settings[name]}`);
  return ["#!/bin/bash", "set -euo pipefail", "cat >> /etc/ecs/ecs.config <<'ECS_CONFIG'", ...lines, "ECS_CONFIG", ""].join("\n");
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}
