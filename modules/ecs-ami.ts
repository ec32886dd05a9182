/**
 * ECS-optimized AMIs: which SSM public parameter holds the recommended image id, and where
 * each AMI family keeps Docker's data. Pure functions: no constructs, no I/O.
 *
 * Parameter names: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html
 * and https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-bottlerocket-retrieve-ami.html
 */

export type AmiFamily = "al2023" | "al2" | "al1" | "bottlerocket";
export type AmiArchitecture = "x86_64" | "arm64";
export type AmiVariant = "standard" | "gpu";

export interface EcsAmiOptions {
  /** @default "al2023" */
  readonly family?: AmiFamily;
  /** @default "x86_64" */
  readonly architecture?: AmiArchitecture;
  /** @default "standard" */
  readonly variant?: AmiVariant;
}

/** Thrown for a family/architecture/variant combination AWS does not publish. */
export class UnsupportedAmiError extends Error {}

/** SSM public parameter that holds the recommended ECS-optimized AMI id. */
export function ecsAmiParameterName(options: EcsAmiOptions = {}): string {
  const family = options.family ?? "al2023";
  const arch = options.architecture ?? "x86_64";
  const variant = options.variant ?? "standard";
  if (variant === "gpu" && arch === "arm64" && family !== "bottlerocket") {
    throw new UnsupportedAmiError(`the ${family} GPU ECS-optimized AMI exists for x86_64 only, not arm64`);
  }
  switch (family) {
    case "bottlerocket":
      return `/aws/service/bottlerocket/aws-ecs-2${variant === "gpu" ? "-nvidia" : ""}/${arch}/latest/image_id`;
    case "al1":
      if (arch !== "x86_64" || variant !== "standard") {
        throw new UnsupportedAmiError("the Amazon Linux (AL1) ECS-optimized AMI exists for standard x86_64 only");
      }
      return "/aws/service/ecs/optimized-ami/amazon-linux/recommended/image_id";
    case "al2":
    case "al2023": {
      const base = `/aws/service/ecs/optimized-ami/${family === "al2" ? "amazon-linux-2" : "amazon-linux-2023"}`;
      const flavour = variant === "gpu" ? "/gpu" : arch === "arm64" ? "/arm64" : "";
      return `${base}${flavour}/recommended/image_id`;
    }
  }
}

/**
 * Block device that holds Docker's images and containers for an AMI family.
 * AL2 and AL2023 keep Docker on the root volume; the old AL1 layout used a separate
 * `/dev/xvdcz` volume (22 GiB by default); Bottlerocket keeps containers on its data volume.
 */
export function dockerVolumeDevice(family: AmiFamily): string {
  switch (family) {
    case "al2023":
    case "al2":
      return "/dev/xvda";
    case "al1":
      return "/dev/xvdcz";
    case "bottlerocket":
      return "/dev/xvdb";
  }
}

/**
 * When hosts get a new AMI:
 * - `latest-at-launch`: the launch template's image is `resolve:ssm:<parameter>`; EC2 reads the
 *   parameter at each launch and reports the parameter (not the AMI) back, so a new AMI from AWS
 *   changes nothing in the plan. Launch configurations cannot take `resolve:ssm:`.
 * - `pinned`: an AMI id from the config.
 * - `follow-on-apply`: the parameter is read at plan time; a new AMI changes the launch template.
 *
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/create-launch-template.html#use-an-ssm-parameter-instead-of-an-ami-id
 */
export type ImageUpdatePolicy = "latest-at-launch" | "pinned" | "follow-on-apply";

/** The policy used when none is given: `pinned` with an AMI id, else `latest-at-launch`. */
export function defaultImageUpdatePolicy(imageId: string | undefined): ImageUpdatePolicy {
  return imageId === undefined ? "latest-at-launch" : "pinned";
}

/** Launch template image that EC2 resolves from an SSM parameter at launch: `resolve:ssm:<name>`. */
export function resolveSsmImageId(parameterName: string): string {
  return `resolve:ssm:${parameterName}`;
}

/**
 * Size in GiB of the AMI's snapshot for the Docker volume's device: a launch template volume
 * smaller than the snapshot fails to launch ("volume size must be at least the snapshot size").
 * AL2023 and AL2: 30 GiB root volume; AL1: 22 GiB Docker volume at /dev/xvdcz ("you can't specify
 * a volume size that's smaller than the default"); Bottlerocket: 20 GiB data volume.
 *
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-ami-storage-config.html
 * https://github.com/bottlerocket-os/bottlerocket#default-volumes
 */
export function dockerVolumeSnapshotGiB(family: AmiFamily): number {
  switch (family) {
    case "al2023":
    case "al2":
      return 30;
    case "al1":
      return 22;
    case "bottlerocket":
      return 20;
  }
}
