/** `services[].containers[]`: the containers of a task definition. */
import { boolean, integer, list, object, oneOf, optional, record, refine, string, withDefault } from "../schema-dsl";
import { imageReference } from "../validate/image-reference";
import { name } from "./common";
import { ULIMIT_NAMES } from "../facts";

const envName = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, describe: "environment variable names" };

/** SSM parameter ARN: arn:aws:ssm:<region>:<account>:parameter/<name>. */
export const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w.\-/]+$/;
/** Secrets Manager secret ARN, optionally with the `:json-key:version-stage:version-id` suffix ECS reads. */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/;

export const secretArn = string({
  pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
  maxLength: 2048,
  describe: "a Secrets Manager secret ARN like arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf",
});

export const portMappingSchema = object({
  /** Port the container listens on. */
  containerPort: integer(1, 65535),
  /** 0 (default) lets Docker pick an ephemeral host port, so a rolling update fits on one host. */
  hostPort: withDefault(integer(0, 65535), 0),
  /** Transport protocol of the port. */
  protocol: withDefault(oneOf(["tcp", "udp"] as const), "tcp"),
  /** Port name, which a Service Connect `portName` refers to. @default - unnamed */
  name: optional(string({ pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/, maxLength: 64, describe: "a port name of 1 to 64 lowercase letters, digits, _ and -, not starting with - or _" })),
  /** Application protocol Service Connect reports metrics for. @default - none (plain TCP) */
  appProtocol: optional(oneOf(["http", "http2", "grpc"] as const)),
});

export const secretSchema = object({
  /** Environment variable the value lands in. */
  name: string({ ...envName, describe: "an environment variable name" }),
  /** ARN of the SSM parameter or Secrets Manager secret the value is read from. */
  valueFrom: string({
    pattern: new RegExp(`${SSM_PARAMETER_ARN.source}|${SECRET_ARN.source}`),
    maxLength: 2048,
    describe: "an SSM parameter ARN (arn:aws:ssm:...:parameter/...) or a Secrets Manager secret ARN (arn:aws:secretsmanager:...:secret:..., optionally ending :json-key::)",
  }),
});

export const healthCheckSchema = object({
  /** `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]` or `["CMD", "executable", "arg"]`. */
  command: list(string({ maxLength: 4096 }), { minItems: 2, maxItems: 100 }),
  /** Seconds between checks. */
  intervalSeconds: withDefault(integer(5, 300), 30),
  /** Seconds a check may take. */
  timeoutSeconds: withDefault(integer(2, 60), 5),
  /** Failed checks in a row before the container counts as unhealthy. */
  retries: withDefault(integer(1, 10), 3),
  /** Seconds after start during which failed checks do not count. */
  startPeriodSeconds: optional(integer(0, 300)),
});

export const ulimitSchema = object({
  name: oneOf(ULIMIT_NAMES),
  softLimit: integer(0, 2147483647),
  hardLimit: integer(0, 2147483647),
});

export const containerDependencySchema = object({
  containerName: name,
  condition: oneOf(["START", "COMPLETE", "SUCCESS", "HEALTHY"] as const),
});

export const mountPointSchema = object({
  /** Name of an entry in the service's `volumes`. */
  sourceVolume: name,
  containerPath: string({ pattern: /^\//, maxLength: 4096, describe: "an absolute path starting with /" }),
  readOnly: withDefault(boolean(), false),
});

export const volumesFromSchema = object({
  /** Another container of the same task. */
  sourceContainer: name,
  readOnly: withDefault(boolean(), false),
});

export const repositoryCredentialsSchema = object({
  /** Secrets Manager secret holding `{"username": ..., "password": ...}` for the registry. */
  credentialsParameter: secretArn,
  /** Customer managed KMS key the secret is encrypted with; the execution role may decrypt with it. */
  kmsKeyArn: optional(
    string({ pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, describe: "a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/1234abcd-..." }),
  ),
});

export const containerSchema = object({
  /** Unique in the task; other containers refer to it. */
  name,
  /** Container image; ECR, a public registry, or a private one with repositoryCredentials. */
  image: refine(string({ maxLength: 512, describe: "a container image reference like nginx:1.27" }), imageReference),
  /** Credentials for an image in a private registry (not needed for ECR). */
  repositoryCredentials: optional(repositoryCredentialsSchema),
  /** CPU units reserved for the container (1024 = one vCPU). */
  cpu: optional(integer(0, 10240)),
  /** Hard memory limit in MiB. */
  memory: optional(integer(6, 1048576)),
  /** Soft memory limit in MiB. */
  memoryReservation: optional(integer(6, 1048576)),
  /** The task stops when an essential container stops. */
  essential: withDefault(boolean(), true),
  /** Replaces the image's CMD. @default - the image's */
  command: optional(list(string({ maxLength: 4096 }), { maxItems: 100 })),
  /** Replaces the image's ENTRYPOINT. @default - the image's */
  entryPoint: optional(list(string({ maxLength: 4096 }), { maxItems: 100 })),
  /** Plain environment variables; values that are secrets belong in `secrets`. */
  environment: withDefault(record(string({ minLength: 0, maxLength: 8192 }), envName), {}),
  /** Values read at task start from SSM Parameter Store or Secrets Manager. */
  secrets: withDefault(list(secretSchema, { maxItems: 100, uniqueBy: (s) => s.name }), []),
  /** Ports the container listens on; `hostPort: 0` is a dynamic host port. */
  portMappings: withDefault(list(portMappingSchema, { maxItems: 20 }), []),
  healthCheck: optional(healthCheckSchema),
  /** Resource limits of the container. */
  ulimits: withDefault(list(ulimitSchema, { maxItems: 15, uniqueBy: (u) => u.name }), []),
  /** Legacy Docker links, `name` or `name:alias` (bridge network mode). */
  links: withDefault(list(string({ pattern: /^[a-z][a-z0-9-]*(:[A-Za-z0-9_-]+)?$/, maxLength: 255, describe: "a container name, optionally :alias" }), { maxItems: 10 }), []),
  /** Containers that must reach a condition before this one starts. */
  dependsOn: withDefault(list(containerDependencySchema, { maxItems: 10, uniqueBy: (d) => d.containerName, uniqueKey: "containerName" }), []),
  /** Docker labels of the container. */
  dockerLabels: withDefault(record(string({ minLength: 0, maxLength: 4096 }), { maxLength: 255, describe: "label names" }), {}),
  /** Seconds between SIGTERM and SIGKILL. */
  stopTimeoutSeconds: optional(integer(2, 120)),
  /** Root on the host; only when explicitly asked for. */
  privileged: withDefault(boolean(), false),
  /** Mount the container's root file system read-only. */
  readonlyRootFilesystem: withDefault(boolean(), false),
  /** Volumes of the task mounted into the container. */
  mountPoints: withDefault(list(mountPointSchema, { maxItems: 20 }), []),
  /** Mount every volume of another container (`docker run --volumes-from`). */
  volumesFrom: withDefault(list(volumesFromSchema, { maxItems: 10, uniqueBy: (v) => v.sourceContainer, uniqueKey: "sourceContainer" }), []),
});
