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
    portMappings: (container.portMappings ?? []).map((p) => ({
      containerPort: p.containerPort,
      hostPort: p.hostPort ?? 0,
      protocol: p.protocol ?? "tcp",
    })),
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
