/** `services[]`: ECS services, their task definitions and containers. */
import {
  boolean,
  integer,
  list,
  object,
  oneOf,
  optional,
  record,
  section,
  string,
  withDefault,
} from "../schema-dsl";
import { name } from "./common";

export const portMappingSchema = object({
  containerPort: integer(1, 65535),
  /** 0 (default) lets Docker pick an ephemeral host port, so a rolling update fits on one host. */
  hostPort: withDefault(integer(0, 65535), 0),
  protocol: withDefault(oneOf(["tcp", "udp"] as const), "tcp"),
});

export const containerSchema = object({
  name,
  image: string({ maxLength: 512, describe: "a container image reference like nginx:1.27" }),
  cpu: optional(integer(0, 10240)),
  /** Hard memory limit in MiB. */
  memory: optional(integer(6, 1048576)),
  /** Soft memory limit in MiB. */
  memoryReservation: optional(integer(6, 1048576)),
  essential: withDefault(boolean(), true),
  command: optional(list(string({ maxLength: 4096 }), { maxItems: 100 })),
  entryPoint: optional(list(string({ maxLength: 4096 }), { maxItems: 100 })),
  environment: withDefault(record(string({ minLength: 0, maxLength: 8192 }), { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, describe: "environment variable names" }), {}),
  portMappings: withDefault(list(portMappingSchema, { maxItems: 20 }), []),
});

export const serviceLoadBalancerSchema = object({
  /** Name of an entry in `loadBalancers`. */
  name,
  /** Container that receives traffic. @default - the first container with a port mapping */
  containerName: optional(name),
  /** @default - the container's first port mapping */
  containerPort: optional(integer(1, 65535)),
  /** Listener rule priority; required when several services share a load balancer. */
  priority: optional(integer(1, 50000)),
  pathPatterns: withDefault(list(string({ maxLength: 128 }), { minItems: 1, maxItems: 5 }), ["/*"]),
  hostHeaders: withDefault(list(string({ maxLength: 128 }), { maxItems: 5 }), []),
  healthCheckPath: withDefault(string({ pattern: /^\//, maxLength: 1024, describe: "a path starting with /" }), "/"),
  healthCheckMatcher: withDefault(string({ maxLength: 64 }), "200-399"),
  deregistrationDelaySeconds: withDefault(integer(0, 3600), 30),
});

export const serviceSchema = object({
  name,
  desiredCount: withDefault(integer(0, 5000), 1),
  containers: list(containerSchema, { minItems: 1, maxItems: 10, uniqueBy: (c) => c.name }),
  /** Task size; optional on EC2. */
  cpu: optional(integer(128, 196608)),
  memory: optional(integer(128, 1048576)),
  loadBalancer: optional(serviceLoadBalancerSchema),
  deployment: section(
    object({
      minimumHealthyPercent: withDefault(integer(0, 100), 100),
      maximumPercent: withDefault(integer(100, 200), 200),
      circuitBreaker: withDefault(boolean(), true),
      rollback: withDefault(boolean(), true),
    }),
  ),
  healthCheckGracePeriodSeconds: optional(integer(0, 2147483647)),
  logs: section(
    object({
      /** CloudWatch Logs retention; 0 means never expire (only when asked for). */
      retentionInDays: withDefault(
        oneOf([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const),
        30,
      ),
      groupName: optional(string({ pattern: /^[\w\-/.#]+$/, maxLength: 512, describe: "a log group name of letters, digits and _-/.#" })),
    }),
  ),
});

