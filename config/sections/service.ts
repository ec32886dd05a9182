/** `services[]`: ECS services, their task definitions and containers. */
import { boolean, integer, list, object, oneOf, optional, record, section, string, withDefault } from "../schema-dsl";
import { arn, name } from "./common";
import { containerSchema } from "./container";
import { serviceAutoScalingSchema } from "./service-scaling";
import { serviceStackSchema } from "./synth-output";
import { RETENTION_DAYS } from "../facts";

export { containerSchema, portMappingSchema } from "./container";

/** One target group of a service: a container port behind a listener rule of a load balancer. */
export const serviceLoadBalancerSchema = object({
  /** Name of an entry in `loadBalancers`. */
  name,
  /** Container that receives traffic. @default - the first container with a port mapping */
  containerName: optional(name),
  /** @default - the container's first port mapping */
  containerPort: optional(integer(1, 65535)),
  /** Listener rule priority; required when several targets share a load balancer. */
  priority: optional(integer(1, 50000)),
  /** Path patterns of the listener rule (with hostHeaders, at most 5 condition values). */
  pathPatterns: withDefault(list(string({ maxLength: 128 }), { minItems: 1, maxItems: 5 }), ["/*"]),
  /** Host names of the listener rule. @default - any host */
  hostHeaders: withDefault(list(string({ maxLength: 128 }), { maxItems: 5 }), []),
  /** Path of the target group's health check. */
  healthCheckPath: withDefault(string({ pattern: /^\//, maxLength: 1024, describe: "a path starting with /" }), "/"),
  /** HTTP codes a healthy target answers with. */
  healthCheckMatcher: withDefault(string({ pattern: /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, maxLength: 64, describe: "HTTP codes like 200 or 200-399 or 200,302" }), "200-399"),
  /** Seconds between health checks (more than healthCheckTimeoutSeconds). */
  healthCheckIntervalSeconds: withDefault(integer(5, 300), 30),
  /** Seconds a health check may take. */
  healthCheckTimeoutSeconds: withDefault(integer(2, 120), 5),
  /** Passed checks in a row before a target counts as healthy. */
  healthyThresholdCount: withDefault(integer(2, 10), 3),
  /** Failed checks in a row before a target counts as unhealthy. */
  unhealthyThresholdCount: withDefault(integer(2, 10), 3),
  /** Seconds a deregistering target keeps serving requests in flight. */
  deregistrationDelaySeconds: withDefault(integer(0, 3600), 30),
  /** Sticky sessions with a load-balancer cookie lasting this long. @default - no stickiness */
  stickinessSeconds: optional(integer(1, 604800)),
});

export const volumeSchema = object({
  /** Name that containers' mountPoints refer to. */
  name,
  /** Bind mount of a host directory. */
  hostPath: optional(string({ pattern: /^\//, maxLength: 4096, describe: "an absolute path starting with /" })),
  /** Docker-managed volume. */
  docker: optional(
    object({
      /** `task` volumes are removed when the task stops; `shared` ones persist on the host. */
      scope: withDefault(oneOf(["task", "shared"] as const), "task"),
      /** Create the volume if missing (shared scope only). */
      autoprovision: withDefault(boolean(), false),
      driver: optional(string({ maxLength: 255 })),
      driverOpts: withDefault(record(string({ minLength: 0, maxLength: 1024 }), { maxLength: 255, describe: "driver option names" }), {}),
      labels: withDefault(record(string({ minLength: 0, maxLength: 1024 }), { maxLength: 255, describe: "label names" }), {}),
    }),
  ),
  /** Amazon EFS file system, for data shared by tasks on different hosts. */
  efs: optional(
    object({
      fileSystemId: string({ pattern: /^fs-[0-9a-f]{8,40}$/, describe: "an EFS file system id like fs-0abc1234" }),
      /** @default "/" */
      rootDirectory: optional(string({ pattern: /^\//, maxLength: 4096, describe: "an absolute path starting with /" })),
      accessPointId: optional(string({ pattern: /^fsap-[0-9a-f]{8,40}$/, describe: "an EFS access point id like fsap-0abc1234" })),
      transitEncryption: withDefault(oneOf(["ENABLED", "DISABLED"] as const), "ENABLED"),
      /** Mount with the task role's IAM identity (needs transitEncryption ENABLED). */
      iam: withDefault(oneOf(["ENABLED", "DISABLED"] as const), "DISABLED"),
    }),
  ),
});

const memberOf = string({ pattern: /\S/, maxLength: 2000, describe: "a cluster query language expression like attribute:ecs.instance-type =~ t3.*" });

export const placementConstraintSchema = object({
  /** distinctInstance (one task per host) or memberOf (hosts matching the expression). */
  type: oneOf(["distinctInstance", "memberOf"] as const),
  /** Required for memberOf, not allowed for distinctInstance. */
  expression: optional(memberOf),
});

export const placementStrategySchema = object({
  /** spread, binpack or random. */
  type: oneOf(["spread", "binpack", "random"] as const),
  /** spread: instanceId, host or attribute:<name>; binpack: cpu or memory; random: none. */
  field: optional(string({ maxLength: 255 })),
});

export const iamStatementSchema = object({
  /** Allow or deny the actions on the resources. */
  effect: withDefault(oneOf(["Allow", "Deny"] as const), "Allow"),
  /** IAM actions, like s3:GetObject. */
  actions: list(string({ pattern: /^[a-z0-9-]+:[A-Za-z0-9*]+$|^\*$/, maxLength: 128, describe: "an IAM action like s3:GetObject" }), { minItems: 1, maxItems: 100 }),
  /** ARNs the actions apply to, or *. */
  resources: list(string({ pattern: /^arn:|^\*$/, maxLength: 2048, describe: "an ARN or *" }), { minItems: 1, maxItems: 100 }),
});

export const serviceSchema = object({
  /** Unique among services; resource addresses derive from it. */
  name,
  /** Stack the service lives in, `<name>-<stack>` (config/sections/synth-output.ts). @default - the cluster's stack */
  stack: serviceStackSchema,
  /** REPLICA keeps desiredCount tasks; DAEMON runs one task on every host. */
  schedulingStrategy: withDefault(oneOf(["REPLICA", "DAEMON"] as const), "REPLICA"),
  /** Tasks to keep running (REPLICA only; DAEMON runs one per host and allows only the default). */
  desiredCount: withDefault(integer(0, 5000), 1),
  /** The task definition's containers (at least one). */
  containers: list(containerSchema, { minItems: 1, maxItems: 10, uniqueBy: (c) => c.name }),
  /** Task size; optional on EC2. */
  cpu: optional(integer(128, 196608)),
  /** Task memory in MiB; optional on EC2. */
  memory: optional(integer(128, 1048576)),
  volumes: withDefault(list(volumeSchema, { maxItems: 20, uniqueBy: (v) => v.name }), []),
  /** Task definition placement constraints (memberOf expressions). */
  taskPlacementConstraints: withDefault(list(memberOf, { maxItems: 10 }), []),
  /** The role the containers' code runs as. */
  taskRole: section(
    object({
      /** Managed policies attached to the task role. */
      managedPolicyArns: withDefault(list(arn("iam"), { maxItems: 20 }), []),
      /** Inline policy statements of the task role. */
      statements: withDefault(list(iamStatementSchema, { maxItems: 50 }), []),
    }),
  ),
  /**
   * Customer managed KMS keys that encrypt the containers' `secrets` (Secrets Manager secrets or
   * SecureString parameters); the execution role may decrypt with exactly these keys.
   */
  secretsKmsKeyArns: withDefault(list(arn("kms"), { maxItems: 10, uniqueBy: (k) => k, uniqueKey: "" }), []),
  /** One target group; shorthand for a one-item `loadBalancers`. */
  loadBalancer: optional(serviceLoadBalancerSchema),
  /** Several target groups (several ports or load balancers); at most 5. */
  loadBalancers: withDefault(list(serviceLoadBalancerSchema, { maxItems: 5 }), []),
  /** `EC2` places tasks without a capacity provider (required for DAEMON). @default - the cluster's capacity provider */
  launchType: optional(oneOf(["EC2"] as const)),
  /** @default - the cluster's capacity provider, weight 1 */
  capacityProviderStrategy: optional(
    list(object({ capacityProvider: string({ maxLength: 255 }), weight: withDefault(integer(0, 1000), 1), base: withDefault(integer(0, 100000), 0) }), {
      minItems: 1,
      maxItems: 20,
    }),
  ),
  /** @default - spread over availability zones, then binpack on memory (none for DAEMON) */
  placementStrategy: optional(list(placementStrategySchema, { minItems: 1, maxItems: 5 })),
  /** Service placement constraints: distinctInstance, or memberOf with an expression. */
  placementConstraints: withDefault(list(placementConstraintSchema, { maxItems: 10 }), []),
  deployment: section(
    object({
      /** @default 100 (REPLICA), 0 (DAEMON) */
      minimumHealthyPercent: optional(integer(0, 100)),
      /** @default 200 (REPLICA), 100 (DAEMON) */
      maximumPercent: optional(integer(100, 200)),
      /** Stop a deployment whose tasks keep failing to start. */
      circuitBreaker: withDefault(boolean(), true),
      /** Roll a stopped deployment back to the last working one. */
      rollback: withDefault(boolean(), true),
      /**
       * CloudWatch alarms that fail a deployment while they are in ALARM (and roll it back when
       * `rollback`). @default - none: only the circuit breaker judges a deployment
       */
      alarms: optional(
        object({
          /** Names of existing CloudWatch alarms. */
          names: list(string({ maxLength: 255 }), { minItems: 1, uniqueBy: (n) => n, uniqueKey: "" }),
          /** Roll back to the last completed deployment when an alarm fires. @default true */
          rollback: withDefault(boolean(), true),
        }),
      ),
      /**
       * Start a new deployment on every update of the service, even when the task definition is
       * unchanged (new tasks pull the image tag again). Required by `triggers`. @default false
       */
      forceNewDeployment: withDefault(boolean(), false),
      /**
       * Values whose change redeploys the service (with forceNewDeployment), e.g.
       * `{ ami: "2026-01" }` to roll tasks onto new hosts on purpose. @default {}
       */
      triggers: withDefault(record(string({ minLength: 0, maxLength: 256 }), { pattern: /^[A-Za-z0-9_.-]{1,64}$/, describe: "trigger names of letters, digits and _.-" }), {}),
      /** `terraform apply` waits until the service reaches a steady state (and fails if it does not). @default false */
      waitForSteadyState: withDefault(boolean(), false),
    }),
  ),
  /**
   * ECS moves tasks between Availability Zones when they become unbalanced. Not for DAEMON
   * services nor with a binpack placement strategy. @default - not sent: ECS enables it on new
   * services that support it
   */
  availabilityZoneRebalancing: optional(oneOf(["ENABLED", "DISABLED"] as const)),
  /**
   * ECS Service Connect in the config's `serviceConnectNamespace`: the service's containers reach
   * the namespace's endpoints through a proxy ECS adds to each task; with `services`, the service
   * also offers endpoints. Needs the task `memory` (the proxy uses what the containers leave).
   * @default - no Service Connect
   */
  serviceConnect: optional(
    object({
      /** Endpoints this service offers; none: a client only. @default [] */
      services: withDefault(
        list(
          object({
            /** `name` of a port mapping of one of the service's containers. */
            portName: string({ pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/, maxLength: 64, describe: "a port name" }),
            /** Cloud Map service name. @default - the port name */
            discoveryName: optional(string({ pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/, maxLength: 64, describe: "a discovery name of lowercase letters, digits, _ and -" })),
            /** Name and port clients use (one per endpoint in provider 5.100). @default - the discovery name and the container port */
            clientAlias: optional(
              object({ port: integer(1, 65535), dnsName: optional(string({ pattern: /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/, maxLength: 254, describe: "a DNS name" })) }),
            ),
            /** Port the proxy listens on instead of the container port. @default - the container port */
            ingressPortOverride: optional(integer(1, 65535)),
          }),
          { maxItems: 20, uniqueBy: (x) => x.discoveryName ?? x.portName, uniqueKey: "discoveryName" },
        ),
        [],
      ),
    }),
  ),
  /** Seconds the service ignores load balancer health checks of a new task. @default - 60 with a load balancer, none without */
  healthCheckGracePeriodSeconds: optional(integer(0, 2147483647)),
  autoScaling: optional(serviceAutoScalingSchema),
  /** `aws ecs execute-command` into the containers; adds the ssmmessages actions to the task role. */
  enableExecuteCommand: withDefault(boolean(), false),
  /** Where tasks get their tags from. */
  propagateTags: withDefault(oneOf(["SERVICE", "TASK_DEFINITION", "NONE"] as const), "SERVICE"),
  /** Legacy ECS service role for load balancer registration; normally the service-linked role does this. */
  legacyServiceRoleArn: optional(arn("iam")),
  /** Let a CI pipeline register new revisions (ecs-deploy) without Terraform reverting them. */
  ignoreTaskDefinitionChanges: withDefault(boolean(), false),
  logs: section(
    object({
      /** CloudWatch Logs retention; 0 means never expire (only when asked for). */
      retentionInDays: withDefault(oneOf(RETENTION_DAYS), 30),
      /** Log group of the service's containers. @default - /ecs/<cluster>/<service> */
      groupName: optional(string({ pattern: /^[\w\-/.#]+$/, maxLength: 512, describe: "a log group name of letters, digits and _-/.#" })),
      /** KMS key that encrypts the log group (its key policy must allow logs.<region>.amazonaws.com). @default - CloudWatch Logs' own encryption */
      kmsKeyArn: optional(arn("kms")),
    }),
  ),
});

type Service = import("../schema").ServiceConfig;
type Target = Service["loadBalancers"][number];
type Container = Service["containers"][number];

/** A service's target groups, from `loadBalancer` or `loadBalancers`, with the config path of each. */
export interface ResolvedTarget {
  /** Config path of the entry: `loadBalancer` or `loadBalancers[1]`. */
  readonly at: string;
  readonly target: Target;
  /** The container receiving traffic, when one matches. */
  readonly container?: Container;
  /** The container port, when known. */
  readonly containerPort?: number;
}

export function serviceTargets(service: Service): ResolvedTarget[] {
  const entries: { at: string; target: Target }[] = service.loadBalancer ? [{ at: "loadBalancer", target: service.loadBalancer }] : [];
  service.loadBalancers.forEach((target, i) => entries.push({ at: `loadBalancers[${i}]`, target }));
  return entries.map(({ at, target }) => {
    const container = target.containerName ? service.containers.find((c) => c.name === target.containerName) : service.containers.find((c) => c.portMappings.length > 0);
    return { at, target, container, containerPort: target.containerPort ?? container?.portMappings[0]?.containerPort };
  });
}

/** Tasks the service keeps running: desiredCount; none for DAEMON. */
export function desiredCountOf(service: Service): number | undefined {
  return service.schedulingStrategy === "DAEMON" ? undefined : service.desiredCount;
}

/** Deployment percentages with the scheduling strategy's defaults (AWS's own: 100/200, daemon 0/100). */
export function deploymentOf(service: Service): { minimumHealthyPercent: number; maximumPercent: number } {
  const daemon = service.schedulingStrategy === "DAEMON";
  return {
    minimumHealthyPercent: service.deployment.minimumHealthyPercent ?? (daemon ? 0 : 100),
    maximumPercent: service.deployment.maximumPercent ?? (daemon ? 100 : 200),
  };
}

/** Fixed (non-zero) host ports of a service's containers. */
export function fixedHostPorts(service: Service): { container: string; hostPort: number; protocol: "tcp" | "udp" }[] {
  return service.containers.flatMap((c) => c.portMappings.filter((p) => p.hostPort !== 0).map((p) => ({ container: c.name, hostPort: p.hostPort, protocol: p.protocol })));
}

/**
 * Top-level `serviceConnectNamespace`: the AWS Cloud Map namespace of the services'
 * `serviceConnect`: `name` creates an HTTP namespace with the stack, `arn` uses an existing one.
 */
export const serviceConnectNamespaceSchema = optional(
  object({
    /** Name of an HTTP namespace to create. */
    name: optional(string({ pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,1023}$/, maxLength: 1024, describe: "a namespace name of letters, digits and ._-" })),
    /** ARN of an existing namespace in the same region and account. */
    arn: optional(
      string({
        pattern: /^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:namespace\/ns-[a-z0-9]+$/,
        maxLength: 2048,
        describe: "a Cloud Map namespace ARN like arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123",
      }),
    ),
  }),
);

/** Top-level `createServiceLinkedRole`: creates AWSServiceRoleForECS (once per account). */
export const createServiceLinkedRoleSchema = withDefault(boolean(), false);
