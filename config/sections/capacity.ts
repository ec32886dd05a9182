/** `capacity`: the EC2 hosts of the cluster. */
import { boolean, integer, object, oneOf, optional, section, string, withDefault } from "../schema-dsl";
import { agentSchema } from "./agent";
import { EXPIRING_RETENTION_DAYS } from "../facts";

export const imageSchema = object({
  /** AMI family; decides the SSM parameter, the Docker volume device and the user data format. */
  family: withDefault(oneOf(["al2023", "al2", "al1", "bottlerocket"] as const), "al2023"),
  /** CPU architecture of the hosts (and of the AMI). */
  architecture: withDefault(oneOf(["x86_64", "arm64"] as const), "x86_64"),
  /** `gpu` picks the GPU-enabled ECS-optimized image of the family. */
  variant: withDefault(oneOf(["standard", "gpu"] as const), "standard"),
  /** A pinned AMI id; skips the SSM lookup. Only with `updatePolicy: pinned` (the default when `id` is set). */
  id: optional(string({ pattern: /^ami-[0-9a-f]{8,17}$/, describe: "an AMI id like ami-0abc1234" })),
  /**
   * When hosts get a new AMI. `latest-at-launch`: the launch template names the SSM parameter
   * (`resolve:ssm:`), EC2 reads it at each launch, and a new AMI from AWS changes nothing in the
   * plan (launch configurations read it when they are created: see docs/scaling.md); `pinned`: the AMI
   * `id` above, changed like any other value; `follow-on-apply`: the AMI is read at plan time, so the
   * first apply after AWS publishes one replaces every host.
   * @default - "pinned" when `id` is set, else "latest-at-launch"
   */
  updatePolicy: optional(oneOf(["latest-at-launch", "pinned", "follow-on-apply"] as const)),
});

export const dockerVolumeSchema = object({
  /** Size of Docker's volume in GiB. AWS's own layout: a 30 GiB root volume on AL2023, 22 GiB `/dev/xvdcz` on AL1. */
  sizeGiB: withDefault(integer(8, 16384), 50),
  /** EBS volume type of Docker's volume; gp2's burst balance runs out under load, gp3 has a flat baseline. */
  type: withDefault(oneOf(["gp3", "gp2", "io1", "io2"] as const), "gp3"),
  /** Provisioned IOPS (gp3, io1, io2). */
  iops: optional(integer(100, 256000)),
  /** Throughput in MiB/s (gp3 only). */
  throughputMiBps: optional(integer(125, 1000)),
});

/** `capacity.managedScaling`: the capacity provider sizes the group to fit the tasks. */
export const managedScalingSchema = object({
  /** Let the capacity provider size the group to fit the tasks. */
  enabled: withDefault(boolean(), true),
  /** How full the hosts should be; below 100 keeps spare hosts for fast task starts. */
  targetCapacityPercent: withDefault(integer(1, 100), 100),
  /** Fewest hosts managed scaling adds or removes at a time (at most maximumScalingStepSize). */
  minimumScalingStepSize: withDefault(integer(1, 10000), 1),
  /** Most hosts managed scaling adds or removes at a time. */
  maximumScalingStepSize: withDefault(integer(1, 10000), 10000),
  /** Seconds a new host needs before its metrics count. */
  instanceWarmupPeriodSeconds: withDefault(integer(0, 10000), 300),
});

/** `capacity.instanceRefresh`: rolling replacement of hosts when the launch template changes. */
export const instanceRefreshSchema = object({
  /** Start an instance refresh when the launch template changes. */
  enabled: withDefault(boolean(), true),
  /**
   * Share of the desired capacity that stays in service during a refresh.
   * @default - 100 when the group may run a single host (minSize 0 or 1), else 90
   */
  minHealthyPercent: optional(integer(0, 100)),
  /**
   * Above 100 launches replacements before terminating old hosts.
   * @default - 200 when the group may run a single host (minSize 0 or 1), else 100
   */
  maxHealthyPercent: optional(integer(100, 200)),
  /** @default - the group's default instance warmup (or health check grace period) */
  instanceWarmupSeconds: optional(integer(0, 172800)),
  /** Leave hosts that already run the new template alone. */
  skipMatching: withDefault(boolean(), true),
  /** Hosts protected from scale in (managed termination protection): replace them too by default. */
  scaleInProtectedInstances: withDefault(oneOf(["Refresh", "Ignore", "Wait"] as const), "Refresh"),
  /** Hosts in Standby (taken out by hand) are left alone by default. */
  standbyInstances: withDefault(oneOf(["Terminate", "Ignore", "Wait"] as const), "Ignore"),
});

/** `capacity.drainHook`: the lifecycle hook + drain function used when `drainOnScaleIn` is on. */
export const drainHookSchema = object({
  /**
   * Seconds a terminating host may wait without a heartbeat before the default result applies. The
   * function heartbeats every half of it, up to the hook's global timeout (100 times this, at most
   * 48 hours). Default 1200.
   */
  heartbeatTimeoutSeconds: withDefault(integer(30, 7200), 1200),
  /** Seconds between two polls of a draining host (an SQS message delay, so at most 900). Default 30. */
  pollIntervalSeconds: withDefault(integer(5, 900), 30),
  /** Timeout of one poll of the drain function; a failed poll is delivered again after six times this. Default 60. */
  functionTimeoutSeconds: withDefault(integer(10, 900), 60),
  /** What happens when the hook times out: CONTINUE terminates the host, ABANDON too (and stops other hooks). */
  defaultResult: withDefault(oneOf(["CONTINUE", "ABANDON"] as const), "CONTINUE"),
  /** Retention of the drain function's log group, in days. */
  logRetentionInDays: withDefault(oneOf(EXPIRING_RETENTION_DAYS), 30),
  /**
   * Standalone tasks (RunTask, scheduled tasks) are not moved by DRAINING. `wait` waits for them to
   * end (or the hook's global timeout, with an alert before it); `stop` stops them once no service
   * task is left on the host and waits until they are STOPPED.
   */
  standaloneTasks: withDefault(oneOf(["wait", "stop"] as const), "wait"),
});

export const capacitySchema = object({
  /** EC2 instance type of the hosts. */
  instanceType: withDefault(string({ pattern: /^[a-z0-9-]+\.[a-z0-9]+$/, describe: "an EC2 instance type like m6i.large" }), "m6i.large"),
  /** Smallest size of the Auto Scaling group (at most maxSize). */
  minSize: withDefault(integer(0, 1000), 1),
  /** Largest size of the Auto Scaling group. */
  maxSize: withDefault(integer(1, 1000), 3),
  /** Initial size of the group; later left to managed scaling (Terraform ignores the drift). */
  desiredCapacity: optional(integer(0, 1000)),
  image: section(imageSchema),
  /** `launch-configuration` follows the user's notes; new AWS accounts can only use launch templates. */
  launchMode: withDefault(oneOf(["launch-template", "launch-configuration"] as const), "launch-template"),
  dockerVolume: section(dockerVolumeSchema),
  /** EC2 key pair for SSH; Session Manager is the recommended way in. */
  keyName: optional(string({ maxLength: 255 })),
  /** Attach AmazonSSMManagedInstanceCore so hosts are reachable through Session Manager. */
  sessionManager: withDefault(boolean(), false),
  /** ECS agent and Docker daemon settings (config/sections/agent.ts). */
  agent: section(agentSchema),
  managedScaling: section(managedScalingSchema),
  /** ECS keeps hosts with running tasks from being scaled in (needs managed scaling and protectFromScaleIn). */
  managedTerminationProtection: withDefault(boolean(), false),
  /** ECS drains hosts before Auto Scaling terminates them (scale in, instance refresh, rebalancing). */
  managedDraining: withDefault(boolean(), true),
  /** New hosts start protected from scale in. @default - same as managedTerminationProtection */
  protectFromScaleIn: optional(boolean()),
  /**
   * Own lifecycle hook + drain function. @default - on exactly when managedDraining is off; both on
   * is a config error (two drains of the same host)
   */
  drainOnScaleIn: optional(boolean()),
  drainHook: section(drainHookSchema),
  instanceRefresh: section(instanceRefreshSchema),
  /**
   * Replaces every host on purpose: changing this value makes a new launch template version (or
   * launch configuration), which starts an instance refresh with the `instanceRefresh` percentages.
   * New hosts carry it as the `ecs-ec2:rollout` tag. Any label works, e.g. a date: `2026-01-15`.
   * @default - none: hosts are only replaced when the launch template changes for another reason
   */
  rollout: optional(string({ pattern: /^[A-Za-z0-9][A-Za-z0-9._:+=@/-]{0,63}$/, describe: "a label of up to 64 letters, digits and ._:+=@/- like 2026-01-15" })),
});
