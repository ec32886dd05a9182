/**
 * Checks that span several keys of the config (the schema checks each key on its own).
 * Each returns problems in the same form as the schema: path, value, what is allowed.
 */
import { ConfigIssue, show } from "./schema-dsl";
import { EcsConfig } from "./schema";
import { checkSynthOutput } from "./checks/synth-output";
import { checkScaling } from "./checks/scaling";
import { checkOperations } from "./checks/operations";
import { checkServices } from "./checks/services";
import { checkEnvironment } from "./checks/environment";
import { checkHosts } from "./checks/hosts";
import { checkServiceOptions } from "./checks/service-options";
import { checkNames } from "./checks/names";
import { parseAcmCertificateArn } from "./validate/acm";
import { dockerVolumeDevice, dockerVolumeSnapshotGiB } from "../modules/ecs-ami";
import { partitionOf } from "../modules/iam-policy";

/** A check over the whole config; pushes problems with `add(path, message)`. */
export type ConfigCheck = (config: EcsConfig, add: (path: string, message: string) => void) => void;

/** Checks in other files (config/checks/*.ts) register here, one line each. */
const CHECKS: ConfigCheck[] = [
  checkCapacityAndLoadBalancing,
  checkSynthOutput,
  checkScaling,
  checkServices,
  checkOperations,
  checkEnvironment,
  checkHosts,
  checkServiceOptions,
  checkNames,
];

export function checkConfig(config: EcsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  for (const check of CHECKS) check(config, add);
  return issues;
}

function checkCapacityAndLoadBalancing(config: EcsConfig, add: (path: string, message: string) => void): void {
  const cap = config.capacity;

  if (cap.minSize > cap.maxSize) add("capacity.minSize", `${cap.minSize} must not be greater than capacity.maxSize (${cap.maxSize})`);
  if (cap.desiredCapacity !== undefined && (cap.desiredCapacity < cap.minSize || cap.desiredCapacity > cap.maxSize)) {
    add("capacity.desiredCapacity", `${cap.desiredCapacity} must be between capacity.minSize (${cap.minSize}) and capacity.maxSize (${cap.maxSize})`);
  }
  const img = cap.image;
  if (img.family === "al1" && (img.architecture !== "x86_64" || img.variant !== "standard")) {
    add("capacity.image", `family "al1" exists for architecture "x86_64" and variant "standard" only, not ${show(img.architecture)}/${show(img.variant)}`);
  }
  if (img.variant === "gpu" && img.architecture === "arm64" && img.family !== "bottlerocket") {
    add("capacity.image.variant", `"gpu" with architecture "arm64" exists only for family "bottlerocket", not ${show(img.family)}`);
  }
  const vol = cap.dockerVolume;
  if (vol.iops !== undefined && vol.type === "gp2") add("capacity.dockerVolume.iops", `cannot be set for volume type "gp2"; allowed with gp3, io1, io2`);
  if ((vol.type === "io1" || vol.type === "io2") && vol.iops === undefined) add("capacity.dockerVolume.iops", `is required for volume type ${show(vol.type)}`);
  if (vol.throughputMiBps !== undefined && vol.type !== "gp3") add("capacity.dockerVolume.throughputMiBps", `can only be set for volume type "gp3", not ${show(vol.type)}`);
  if (vol.type === "gp3" && vol.iops !== undefined && (vol.iops < 3000 || vol.iops > 16000)) {
    add("capacity.dockerVolume.iops", `${vol.iops} is not between 3000 and 16000 (gp3)`);
  }

  // The launch template's volume replaces the AMI's mapping for that device and may not be smaller
  // than the AMI's snapshot (modules/ecs-ami.ts: dockerVolumeSnapshotGiB).
  const snapshotGiB = dockerVolumeSnapshotGiB(img.family);
  if (vol.sizeGiB < snapshotGiB) {
    add(
      "capacity.dockerVolume.sizeGiB",
      `${vol.sizeGiB} is smaller than the ${snapshotGiB} GiB snapshot of ${dockerVolumeDevice(img.family)} in the ECS-optimized ${img.family} AMI; hosts would fail to launch: use at least ${snapshotGiB}`,
    );
  }

  config.loadBalancers.forEach((lb, i) => {
    const cert = lb.certificateArn ? parseAcmCertificateArn(lb.certificateArn) : undefined;
    if (!cert) return;
    const partition = partitionOf(config.region);
    if (cert.region !== config.region) {
      add(
        `loadBalancers[${i}].certificateArn`,
        `${show(lb.certificateArn)} is in region ${show(cert.region)}; the load balancer is in ${show(config.region)} and can only use an ACM certificate of its own region`,
      );
    } else if (cert.partition !== partition) {
      add(
        `loadBalancers[${i}].certificateArn`,
        `${show(lb.certificateArn)} names partition ${show(cert.partition)}; region ${show(config.region)} is in partition ${show(partition)}`,
      );
    }
  });

  if (config.loadBalancers.length > 0 && !config.network.loadBalancerSubnetIds) {
    add("network.loadBalancerSubnetIds", "is required when loadBalancers are configured: at least two subnets in different zones");
  }
  // Service targets, listener rules and priorities: config/checks/services.ts.
}
