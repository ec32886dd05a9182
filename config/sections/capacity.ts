/** `capacity`: the EC2 hosts of the cluster. */
import {
  boolean,
  integer,
  object,
  oneOf,
  optional,
  section,
  string,
  withDefault,
} from "../schema-dsl";

export const imageSchema = object({
  /** AMI family; decides the SSM parameter, the Docker volume device and the user data format. */
  family: withDefault(oneOf(["al2023", "al2", "al1", "bottlerocket"] as const), "al2023"),
  architecture: withDefault(oneOf(["x86_64", "arm64"] as const), "x86_64"),
  /** `gpu` picks the GPU-enabled ECS-optimized image of the family. */
  variant: withDefault(oneOf(["standard", "gpu"] as const), "standard"),
  /** A pinned AMI id; skips the SSM lookup. */
  id: optional(string({ pattern: /^ami-[0-9a-f]{8,17}$/, describe: "an AMI id like ami-0abc1234" })),
});

export const dockerVolumeSchema = object({
  sizeGiB: withDefault(integer(8, 16384), 50),
  type: withDefault(oneOf(["gp3", "gp2", "io1", "io2"] as const), "gp3"),
  /** Provisioned IOPS (gp3, io1, io2). */
  iops: optional(integer(100, 256000)),
  /** Throughput in MiB/s (gp3 only). */
  throughputMiBps: optional(integer(125, 1000)),
});

export const capacitySchema = object({
  instanceType: withDefault(string({ pattern: /^[a-z0-9-]+\.[a-z0-9]+$/, describe: "an EC2 instance type like m6i.large" }), "m6i.large"),
  minSize: withDefault(integer(0, 1000), 1),
  maxSize: withDefault(integer(1, 1000), 3),
  desiredCapacity: optional(integer(0, 1000)),
  image: section(imageSchema),
  /** `launch-configuration` follows the user's notes; new AWS accounts can only use launch templates. */
  launchMode: withDefault(oneOf(["launch-template", "launch-configuration"] as const), "launch-template"),
  dockerVolume: section(dockerVolumeSchema),
  /** EC2 key pair for SSH; Session Manager is the recommended way in. */
  keyName: optional(string({ maxLength: 255 })),
  /** Attach AmazonSSMManagedInstanceCore so hosts are reachable through Session Manager. */
  sessionManager: withDefault(boolean(), false),
});

