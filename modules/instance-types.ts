/**
 * Memory and vCPUs of common EC2 instance types, for checks that a task fits on one host.
 * Types not listed here are not checked. Source: https://aws.amazon.com/ec2/instance-types/
 */

export interface InstanceTypeSize {
  readonly vcpus: number;
  /** Memory in MiB (the ECS agent registers a little less than this). */
  readonly memoryMiB: number;
}

const GiB = 1024;
/** size → [vCPUs, GiB] per family shape. */
const GENERAL: Record<string, [number, number]> = { large: [2, 8], xlarge: [4, 16], "2xlarge": [8, 32], "4xlarge": [16, 64] };
const COMPUTE: Record<string, [number, number]> = { large: [2, 4], xlarge: [4, 8], "2xlarge": [8, 16], "4xlarge": [16, 32] };
const MEMORY: Record<string, [number, number]> = { large: [2, 16], xlarge: [4, 32], "2xlarge": [8, 64], "4xlarge": [16, 128] };
const BURSTABLE: Record<string, [number, number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};

const FAMILIES: Record<string, Record<string, [number, number]>> = {
  t3: BURSTABLE,
  t3a: BURSTABLE,
  t4g: BURSTABLE,
  m5: GENERAL,
  m6i: GENERAL,
  m6a: GENERAL,
  m7i: GENERAL,
  m6g: GENERAL,
  m7g: GENERAL,
  c5: COMPUTE,
  c6i: COMPUTE,
  c7i: COMPUTE,
  c6g: COMPUTE,
  c7g: COMPUTE,
  r5: MEMORY,
  r6i: MEMORY,
  r6g: MEMORY,
  r7g: MEMORY,
};

/** Size of a known instance type like `m6i.large`; undefined for types not in the table. */
export function instanceTypeSize(instanceType: string): InstanceTypeSize | undefined {
  const [family, size] = instanceType.split(".");
  const entry = FAMILIES[family]?.[size];
  return entry ? { vcpus: entry[0], memoryMiB: entry[1] * GiB } : undefined;
}
