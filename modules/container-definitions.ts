/**
 * Renders ECS container definitions (the JSON inside `aws_ecs_task_definition.container_definitions`)
 * from typed props. Pure functions: no constructs, no I/O.
 *
 * Parameters: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
 */

export interface PortMappingProps {
  readonly containerPort: number;
  /** 0 lets Docker pick an ephemeral host port (dynamic port mapping). @default 0 */
  readonly hostPort?: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp";
  /** Port name for Service Connect. @default - unnamed */
  readonly name?: string;
  /** Application protocol for Service Connect metrics. @default - none */
  readonly appProtocol?: "http" | "http2" | "grpc";
}

export interface ContainerProps {
  readonly name: string;
  readonly image: string;
  /** CPU units (1024 = one vCPU). @default - no reservation */
  readonly cpu?: number;
  /** Hard memory limit in MiB. @default - none (memoryReservation or the task's memory applies) */
  readonly memory?: number;
  /** Soft memory limit in MiB. @default - none */
  readonly memoryReservation?: number;
  /** @default true */
  readonly essential?: boolean;
  /** @default - the image's CMD */
  readonly command?: string[];
  /** @default - the image's ENTRYPOINT */
  readonly entryPoint?: string[];
  /** Plain environment variables (not for secrets). @default - none */
  readonly environment?: Record<string, string>;
  /** @default - none */
  readonly portMappings?: PortMappingProps[];
  /** Environment variables read at task start from an SSM parameter or Secrets Manager ARN. @default - none */
  readonly secrets?: { readonly name: string; readonly valueFrom: string }[];
  /** Secrets Manager secret with the private registry's username and password. @default - no registry auth */
  readonly repositoryCredentials?: { readonly credentialsParameter: string; readonly kmsKeyArn?: string };
  /** Docker health check; `command` starts with CMD or CMD-SHELL. @default - none (the image's HEALTHCHECK is ignored) */
  readonly healthCheck?: ContainerHealthCheckProps;
  /** @default - the Docker daemon's defaults */
  readonly ulimits?: { readonly name: string; readonly softLimit: number; readonly hardLimit: number }[];
  /** Docker links, `name` or `name:alias` (bridge network mode). @default - none */
  readonly links?: string[];
  /** Containers that must reach a condition before this one starts. @default - none */
  readonly dependsOn?: { readonly containerName: string; readonly condition: "START" | "COMPLETE" | "SUCCESS" | "HEALTHY" }[];
  /** @default - none */
  readonly dockerLabels?: Record<string, string>;
  /** Seconds between SIGTERM and SIGKILL. @default - the agent's ECS_CONTAINER_STOP_TIMEOUT (30) */
  readonly stopTimeoutSeconds?: number;
  /** @default false */
  readonly privileged?: boolean;
  /**
   * Mount the root file system read-only. Not a default: images commonly write to it, and ECS Exec
   * needs it writable.
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Run an init process (`linuxParameters.initProcessEnabled`) that reaps zombie processes, such as
   * those ECS Exec sessions leave behind.
   * @default false
   */
  readonly initProcessEnabled?: boolean;
  /** @default - none */
  readonly mountPoints?: { readonly sourceVolume: string; readonly containerPath: string; readonly readOnly?: boolean }[];
  /** Mount every volume of another container of the task (`docker run --volumes-from`). @default - none */
  readonly volumesFrom?: { readonly sourceContainer: string; readonly readOnly?: boolean }[];
}

export interface ContainerHealthCheckProps {
  readonly command: string[];
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly retries?: number;
  /** @default - none */
  readonly startPeriodSeconds?: number;
}

export interface AwsLogsProps {
  /** Log group name. */
  readonly group: string;
  readonly region: string;
  /** Stream prefix; streams are named prefix/container/task-id. */
  readonly streamPrefix: string;
}

/** One container definition object, with keys in a stable order and no empty fields. */
export function renderContainer(container: ContainerProps, logs: AwsLogsProps): Record<string, unknown> {
  const env = container.environment ?? {};
  const labels = container.dockerLabels ?? {};
  const health = container.healthCheck;
  return compact({
    name: container.name,
    image: container.image,
    essential: container.essential ?? true,
    cpu: container.cpu,
    memory: container.memory,
    memoryReservation: container.memoryReservation,
    entryPoint: container.entryPoint,
    command: container.command,
    environment: Object.keys(env)
      .sort()
      .map((name) => ({ name, value: env[name] })),
    secrets: (container.secrets ?? []).map((x) => ({ name: x.name, valueFrom: x.valueFrom })),
    repositoryCredentials: container.repositoryCredentials ? { credentialsParameter: container.repositoryCredentials.credentialsParameter } : undefined,
    portMappings: (container.portMappings ?? []).map((p) =>
      compact({
        name: p.name,
        containerPort: p.containerPort,
        hostPort: p.hostPort ?? 0,
        protocol: p.protocol ?? "tcp",
        appProtocol: p.appProtocol,
      }),
    ),
    healthCheck: health
      ? compact({
          command: health.command,
          interval: health.intervalSeconds ?? 30,
          timeout: health.timeoutSeconds ?? 5,
          retries: health.retries ?? 3,
          startPeriod: health.startPeriodSeconds,
        })
      : undefined,
    ulimits: (container.ulimits ?? []).map((u) => ({ name: u.name, softLimit: u.softLimit, hardLimit: u.hardLimit })),
    links: container.links,
    dependsOn: (container.dependsOn ?? []).map((d) => ({ containerName: d.containerName, condition: d.condition })),
    dockerLabels: Object.keys(labels).length > 0 ? labels : undefined,
    stopTimeout: container.stopTimeoutSeconds,
    privileged: container.privileged ? true : undefined,
    readonlyRootFilesystem: container.readonlyRootFilesystem ? true : undefined,
    linuxParameters: container.initProcessEnabled ? { initProcessEnabled: true } : undefined,
    mountPoints: (container.mountPoints ?? []).map((m) => ({ sourceVolume: m.sourceVolume, containerPath: m.containerPath, readOnly: m.readOnly ?? false })),
    volumesFrom: (container.volumesFrom ?? []).map((v) => ({ sourceContainer: v.sourceContainer, readOnly: v.readOnly ?? false })),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logs.group,
        "awslogs-region": logs.region,
        "awslogs-stream-prefix": logs.streamPrefix,
      },
    },
  });
}

/** The `container_definitions` string of a task definition. */
export function renderContainerDefinitions(containers: ContainerProps[], logs: AwsLogsProps): string {
  return JSON.stringify(containers.map((c) => renderContainer(c, logs)));
}

/** Drops undefined values and empty lists, so the JSON carries only what was set. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return out as T;
}
