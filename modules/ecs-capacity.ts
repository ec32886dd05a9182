import { Construct } from "constructs";
import { Fn, Token } from "../framework/cdktf";
import { AutoscalingGroup } from "../framework/provider-aws";
import { DataAwsSsmParameter } from "../framework/provider-aws";
import { EcsCapacityProvider } from "../framework/provider-aws";
import { LaunchConfiguration } from "../framework/provider-aws";
import { LaunchTemplate } from "../framework/provider-aws";
import { SecurityGroup } from "../framework/provider-aws";
import { VpcSecurityGroupEgressRule } from "../framework/provider-aws";
import { AmiArchitecture, AmiFamily, AmiVariant, defaultImageUpdatePolicy, dockerVolumeDevice, ecsAmiParameterName, ImageUpdatePolicy, resolveSsmImageId } from "./ecs-ami";
import { instanceRefreshPercentages, startInstanceRefreshCommand } from "./instance-refresh";
import { fitPrefix } from "./names";
import { AgentProps, renderUserData } from "./user-data";
import { SECURITY_GROUP_ROLE_HOSTS, SECURITY_GROUP_ROLE_TAG } from "./security-group-roles";

export interface DockerVolumeProps {
  /**
   * Size of the volume Docker stores images and containers on, in GiB.
   * @default 50
   */
  readonly sizeGiB?: number;
  /** @default "gp3" */
  readonly type?: "gp3" | "gp2" | "io1" | "io2";
  /** @default - the volume type's baseline */
  readonly iops?: number;
  /** @default - gp3 baseline, 125 MiB/s */
  readonly throughputMiBps?: number;
}

export interface ManagedScalingProps {
  /** @default true */
  readonly enabled?: boolean;
  /** How full the hosts should be, in percent. @default 100 */
  readonly targetCapacityPercent?: number;
  /** @default 1 */
  readonly minimumScalingStepSize?: number;
  /** @default 10000 */
  readonly maximumScalingStepSize?: number;
  /** @default 300 */
  readonly instanceWarmupPeriodSeconds?: number;
}

/** Tag key of the rollout label on the group, the launch template's instances and new hosts. */
export const ROLLOUT_TAG = "ecs-ec2:rollout";

export interface InstanceRefreshProps {
  /** @default true */
  readonly enabled?: boolean;
  /** @default - 100 when minSize is 0 or 1 (launch before terminating the only host), else 90 */
  readonly minHealthyPercent?: number;
  /** @default - 200 when minSize is 0 or 1, else 100 */
  readonly maxHealthyPercent?: number;
  /** @default - the group's default instance warmup */
  readonly instanceWarmupSeconds?: number;
  /** @default true */
  readonly skipMatching?: boolean;
  /** @default "Refresh" */
  readonly scaleInProtectedInstances?: "Refresh" | "Ignore" | "Wait";
  /** @default "Ignore" */
  readonly standbyInstances?: "Terminate" | "Ignore" | "Wait";
}

export interface EcsCapacityProps {
  /** Prefix for names of the group, template and security group. */
  readonly namePrefix: string;
  /** Name of the ECS cluster the hosts join. */
  readonly clusterName: string;
  readonly vpcId: string;
  /** Subnets the Auto Scaling group launches hosts into. */
  readonly subnetIds: string[];
  /** Instance profile of the ECS container agent. */
  readonly instanceProfile: { readonly arn: string; readonly name: string };
  /** @default "m6i.large" */
  readonly instanceType?: string;
  /** @default 1 */
  readonly minSize?: number;
  /** @default 3 */
  readonly maxSize?: number;
  /** @default - left to the capacity provider's managed scaling */
  readonly desiredCapacity?: number;
  /** @default "al2023" */
  readonly amiFamily?: AmiFamily;
  /** @default "x86_64" */
  readonly architecture?: AmiArchitecture;
  /** @default "standard" */
  readonly amiVariant?: AmiVariant;
  /** The AMI of `pinned`. @default - the recommended ECS-optimized AMI of the family, from SSM */
  readonly imageId?: string;
  /**
   * When hosts get a new AMI (see `ImageUpdatePolicy`). With a launch configuration, which cannot
   * read SSM at launch, `latest-at-launch` reads the parameter when the launch configuration is
   * created and ignores later changes of its value (`ignore_changes = [image_id]`) until the
   * launch configuration is replaced (by `rollout` or another host change).
   * @default - "pinned" when imageId is set, else "latest-at-launch"
   */
  readonly imageUpdatePolicy?: ImageUpdatePolicy;
  /**
   * Tags for the hosts and their volumes: on the group (propagated at launch) and in the launch
   * template's instance and volume tag specifications. Provider default_tags reach neither.
   * @default - none besides Name
   */
  readonly tags?: Record<string, string>;
  /**
   * A label whose every change replaces all hosts: it is an instance tag of the launch template
   * (a new version; with a launch configuration, a comment in the user data: a new one), so the
   * group starts an instance refresh. Needs instance refresh.
   * @default - none
   */
  readonly rollout?: string;
  /**
   * Launch template (default), or a launch configuration as in older setups.
   * AWS accounts created since late 2024 cannot create launch configurations.
   * @default "launch-template"
   */
  readonly launchMode?: "launch-template" | "launch-configuration";
  /** @default - 50 GiB gp3, encrypted */
  readonly dockerVolume?: DockerVolumeProps;
  /** @default - no key pair; use Session Manager */
  readonly keyName?: string;
  /** Capacity provider managed scaling. @default - enabled, 100% target capacity */
  readonly managedScaling?: ManagedScalingProps;
  /**
   * ECS keeps hosts with running tasks from being scaled in. Needs managed scaling and
   * `protectFromScaleIn`.
   * @default false
   */
  readonly managedTerminationProtection?: boolean;
  /** ECS drains hosts before Auto Scaling terminates them. @default true */
  readonly managedDraining?: boolean;
  /** New hosts start protected from scale in. @default - same as managedTerminationProtection */
  readonly protectFromScaleIn?: boolean;
  /**
   * Rolling instance refresh when the launch template (or configuration) changes. With a launch
   * template the group then follows its latest version number instead of "$Latest".
   * @default - enabled, 90% minimum healthy
   */
  readonly instanceRefresh?: InstanceRefreshProps;
  /** ECS agent variables written to /etc/ecs/ecs.config besides ECS_CLUSTER. @default - none */
  readonly agentSettings?: Record<string, string>;
  /** Typed ECS agent and Docker daemon settings, written by the user data. @default - AMI defaults */
  readonly agent?: AgentProps;
}

/**
 * The EC2 hosts of an ECS cluster: a security group, a launch template (or configuration) on an
 * ECS-optimized AMI with an enlarged, encrypted Docker volume and IMDSv2, an Auto Scaling group,
 * and the ECS capacity provider over it.
 */
export class EcsCapacity extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly autoScalingGroup: AutoscalingGroup;
  public readonly capacityProvider: EcsCapacityProvider;
  public readonly launchTemplate?: LaunchTemplate;
  public readonly launchConfiguration?: LaunchConfiguration;
  /** Device the Docker volume is attached as. */
  public readonly dockerDevice: string;
  /** How hosts get a new AMI (the resolved `imageUpdatePolicy`). */
  public readonly imageUpdatePolicy: ImageUpdatePolicy;
  /** SSM parameter of the recommended ECS-optimized AMI of the hosts' family. */
  public readonly amiParameterName: string;
  private readonly refreshCommand?: (region: string) => string;

  constructor(scope: Construct, id: string, props: EcsCapacityProps) {
    super(scope, id);
    const family = props.amiFamily ?? "al2023";
    const instanceType = props.instanceType ?? "m6i.large";
    const minSize = props.minSize ?? 1;
    const maxSize = props.maxSize ?? 3;
    const launchMode = props.launchMode ?? "launch-template";
    const volume = {
      sizeGiB: props.dockerVolume?.sizeGiB ?? 50,
      type: props.dockerVolume?.type ?? "gp3",
      iops: props.dockerVolume?.iops,
      throughputMiBps: props.dockerVolume?.throughputMiBps,
    };
    const scaling = {
      enabled: props.managedScaling?.enabled ?? true,
      targetCapacityPercent: props.managedScaling?.targetCapacityPercent ?? 100,
      minimumScalingStepSize: props.managedScaling?.minimumScalingStepSize ?? 1,
      maximumScalingStepSize: props.managedScaling?.maximumScalingStepSize ?? 10000,
      instanceWarmupPeriodSeconds: props.managedScaling?.instanceWarmupPeriodSeconds ?? 300,
    };
    const terminationProtection = props.managedTerminationProtection ?? false;
    const protectFromScaleIn = props.protectFromScaleIn ?? terminationProtection;
    const refresh = props.instanceRefresh?.enabled === false ? undefined : (props.instanceRefresh ?? {});
    const percentages = instanceRefreshPercentages(minSize, refresh);
    const imagePolicy = props.imageUpdatePolicy ?? defaultImageUpdatePolicy(props.imageId);
    const tags = props.tags ?? {};
    this.node.addValidation({
      validate: () => {
        const problems: string[] = [];
        if (imagePolicy === "pinned" && props.imageId === undefined) problems.push('imageUpdatePolicy "pinned" needs imageId (the AMI to run)');
        if (imagePolicy !== "pinned" && props.imageId !== undefined) {
          problems.push(`imageId (${props.imageId}) is only used with imageUpdatePolicy "pinned", not ${JSON.stringify(imagePolicy)}`);
        }
        if (props.rollout !== undefined && !refresh) problems.push(`rollout (${props.rollout}) needs instance refresh: it replaces hosts through one`);
        if (refresh && maxSize < 2) {
          problems.push(
            `maxSize (${maxSize}) leaves no room to launch a replacement before the only host is terminated by an instance refresh; use maxSize 2 or more, or turn instance refresh off`,
          );
        }
        if (refresh && minSize <= 1 && percentages.maxHealthyPercent === 100) {
          problems.push(
            `instanceRefresh.maxHealthyPercent (100) with minSize ${minSize} terminates a single host before its replacement runs; use 200 (the default) or minSize 2 or more`,
          );
        }
        if (terminationProtection && !protectFromScaleIn) problems.push("protectFromScaleIn (false) must be true when managedTerminationProtection is on");
        if (terminationProtection && !scaling.enabled) problems.push("managedTerminationProtection (true) needs managedScaling.enabled (false) to be true");
        if (minSize > maxSize) problems.push(`minSize (${minSize}) must not be greater than maxSize (${maxSize})`);
        if (props.desiredCapacity !== undefined && (props.desiredCapacity < minSize || props.desiredCapacity > maxSize)) {
          problems.push(`desiredCapacity (${props.desiredCapacity}) must be between minSize (${minSize}) and maxSize (${maxSize})`);
        }
        return problems;
      },
    });
    this.dockerDevice = dockerVolumeDevice(family);

    this.securityGroup = new SecurityGroup(this, "security-group", {
      namePrefix: `${fitPrefix(`${props.namePrefix}-hosts`, 99)}-`,
      description: "ECS hosts: ingress only from the cluster's load balancers",
      vpcId: props.vpcId,
      // Tells the security rules this group guards hosts: no ingress from anywhere.
      tags: { [SECURITY_GROUP_ROLE_TAG]: SECURITY_GROUP_ROLE_HOSTS },
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupEgressRule(this, "egress", {
      securityGroupId: this.securityGroup.id,
      description: "Image pulls, AWS APIs and the tasks' own outbound calls",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });

    const amiParameter = ecsAmiParameterName({ family, architecture: props.architecture, variant: props.amiVariant });
    this.imageUpdatePolicy = imagePolicy;
    this.amiParameterName = amiParameter;
    // latest-at-launch: EC2 resolves the parameter at each launch (launch templates only); the
    // others, and launch configurations, read it at plan time.
    const imageId =
      imagePolicy === "pinned"
        ? props.imageId!
        : imagePolicy === "latest-at-launch" && launchMode === "launch-template"
          ? resolveSsmImageId(amiParameter)
          : new DataAwsSsmParameter(this, "ami", { name: amiParameter }).insecureValue;
    const rendered = renderUserData({ family, clusterName: props.clusterName, agentSettings: props.agentSettings, agent: props.agent });
    // Shell and TOML (Bottlerocket) both read "#" as a comment.
    const userData = props.rollout !== undefined && launchMode === "launch-configuration" ? `${rendered}# ${ROLLOUT_TAG} ${props.rollout}\n` : rendered;
    const hostName = `${props.clusterName}-host`;
    const rolloutTag: Record<string, string> = props.rollout !== undefined ? { [ROLLOUT_TAG]: props.rollout } : {};
    const ebs = {
      volumeSize: volume.sizeGiB,
      volumeType: volume.type,
      iops: volume.iops,
      throughput: volume.throughputMiBps,
      encrypted: true,
      deleteOnTermination: true,
    };

    if (launchMode === "launch-template") {
      this.launchTemplate = new LaunchTemplate(this, "launch-template", {
        namePrefix: `${fitPrefix(props.namePrefix, 124)}-`,
        description: `ECS hosts of cluster ${props.clusterName}`,
        imageId,
        instanceType,
        keyName: props.keyName,
        iamInstanceProfile: { arn: props.instanceProfile.arn },
        vpcSecurityGroupIds: [this.securityGroup.id],
        // IMDSv2 only. A hop limit of 1 keeps containers on bridge networks away from the
        // host's credentials; tasks get theirs from the task role.
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: this.dockerDevice,
            ebs: { ...ebs, encrypted: "true", deleteOnTermination: "true" },
          },
        ],
        userData: Fn.base64encode(Fn.rawString(userData)),
        // Provider default_tags do not reach instances and volumes (hashicorp/terraform-provider-aws#19387).
        tagSpecifications: [
          { resourceType: "instance", tags: { ...tags, Name: hostName, ...rolloutTag } },
          { resourceType: "volume", tags: { ...tags, Name: hostName } },
        ],
        updateDefaultVersion: true,
      });
    } else {
      const dockerOnRoot = this.dockerDevice === "/dev/xvda";
      this.launchConfiguration = new LaunchConfiguration(this, "launch-configuration", {
        namePrefix: `${fitPrefix(props.namePrefix, 200)}-`,
        imageId,
        instanceType,
        keyName: props.keyName,
        iamInstanceProfile: props.instanceProfile.name,
        securityGroups: [this.securityGroup.id],
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        rootBlockDevice: dockerOnRoot ? ebs : { encrypted: true, volumeType: "gp3", deleteOnTermination: true },
        ebsBlockDevice: dockerOnRoot ? undefined : [{ deviceName: this.dockerDevice, ...ebs }],
        userData,
        // A launch configuration cannot be changed in place: a new one must exist before the old goes.
        // latest-at-launch: a new AMI in SSM does not replace it; a replacement for any other reason
        // (rollout, volume size, user data) takes the AMI of that moment.
        lifecycle: { createBeforeDestroy: true, ignoreChanges: imagePolicy === "latest-at-launch" ? ["image_id"] : undefined },
      });
    }

    this.autoScalingGroup = new AutoscalingGroup(this, "group", {
      namePrefix: `${fitPrefix(props.namePrefix, 200)}-`,
      minSize,
      maxSize,
      desiredCapacity: props.desiredCapacity,
      vpcZoneIdentifier: props.subnetIds,
      // A refresh only starts when the group's launch template block changes: follow the version number.
      // No mixed_instances_policy: with instance_requirements it cannot launch a resolve:ssm: image
      // (hashicorp/terraform-provider-aws#38767); adding one must refuse latest-at-launch there.
      launchTemplate: this.launchTemplate ? { id: this.launchTemplate.id, version: refresh ? Token.asString(this.launchTemplate.latestVersion) : "$Latest" } : undefined,
      launchConfiguration: this.launchConfiguration?.name,
      healthCheckType: "EC2",
      protectFromScaleIn,
      instanceRefresh: refresh
        ? {
            strategy: "Rolling",
            preferences: {
              minHealthyPercentage: percentages.minHealthyPercent,
              maxHealthyPercentage: percentages.maxHealthyPercent,
              instanceWarmup: refresh.instanceWarmupSeconds?.toString(),
              skipMatching: refresh.skipMatching ?? true,
              scaleInProtectedInstances: refresh.scaleInProtectedInstances ?? "Refresh",
              standbyInstances: refresh.standbyInstances ?? "Ignore",
            },
          }
        : undefined,
      // Instances get the group's tags at launch (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-tagging.html);
      // the group gets no provider default_tags. A tag change alone starts no refresh (no `triggers`).
      tag: [
        ...Object.keys(tags)
          .filter((key) => key !== "Name" && key !== "AmazonECSManaged" && key !== ROLLOUT_TAG)
          .sort()
          .map((key) => ({ key, value: tags[key], propagateAtLaunch: true })),
        { key: "Name", value: hostName, propagateAtLaunch: true },
        // Marks the group as managed by its ECS capacity provider (managed scaling).
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
        ...Object.entries(rolloutTag).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      ],
      // Managed scaling changes the desired capacity; Terraform must not set it back.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    if (refresh) {
      const groupName = this.autoScalingGroup.name;
      this.refreshCommand = (region) =>
        startInstanceRefreshCommand({
          region,
          autoScalingGroupName: groupName,
          percentages,
          instanceWarmupSeconds: refresh.instanceWarmupSeconds,
          scaleInProtectedInstances: refresh.scaleInProtectedInstances ?? "Refresh",
          standbyInstances: refresh.standbyInstances ?? "Ignore",
        });
    }

    this.capacityProvider = new EcsCapacityProvider(this, "capacity-provider", {
      // Capacity provider names may not start with "aws", "ecs" or "fargate".
      name: `hosts-${props.clusterName}`,
      autoScalingGroupProvider: {
        autoScalingGroupArn: this.autoScalingGroup.arn,
        managedTerminationProtection: terminationProtection ? "ENABLED" : "DISABLED",
        managedDraining: (props.managedDraining ?? true) ? "ENABLED" : "DISABLED",
        managedScaling: scaling.enabled
          ? {
              status: "ENABLED",
              targetCapacity: scaling.targetCapacityPercent,
              minimumScalingStepSize: scaling.minimumScalingStepSize,
              maximumScalingStepSize: scaling.maximumScalingStepSize,
              instanceWarmupPeriod: scaling.instanceWarmupPeriodSeconds,
            }
          : { status: "DISABLED" },
      },
    });
  }

  /**
   * The `aws autoscaling start-instance-refresh` command that replaces every host by hand with the
   * configured percentages; undefined when instance refresh is off.
   */
  public startInstanceRefreshCommand(region: string): string | undefined {
    return this.refreshCommand?.(region);
  }
}
