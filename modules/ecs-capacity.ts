import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { LaunchConfiguration } from "@cdktf/provider-aws/lib/launch-configuration";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { AmiArchitecture, AmiFamily, AmiVariant, dockerVolumeDevice, ecsAmiParameterName } from "./ecs-ami";
import { fitPrefix } from "./names";
import { AgentProps, renderUserData } from "./user-data";
import { SECURITY_GROUP_ROLE_HOSTS, SECURITY_GROUP_ROLE_TAG } from "../rules/types";


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

export interface InstanceRefreshProps {
  /** @default true */
  readonly enabled?: boolean;
  /** @default 90 */
  readonly minHealthyPercent?: number;
  /** @default 100 */
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
  /** @default - recommended ECS-optimized AMI of the family, read from SSM at plan time */
  readonly imageId?: string;
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
    const refresh = props.instanceRefresh?.enabled === false ? undefined : props.instanceRefresh ?? {};
    this.node.addValidation({
      validate: () => {
        const problems: string[] = [];
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

    const imageId =
      props.imageId ??
      new DataAwsSsmParameter(this, "ami", {
        name: ecsAmiParameterName({ family, architecture: props.architecture, variant: props.amiVariant }),
      }).insecureValue;
    const userData = renderUserData({ family, clusterName: props.clusterName, agentSettings: props.agentSettings, agent: props.agent });
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
        tagSpecifications: [
          { resourceType: "instance", tags: { Name: `${props.clusterName}-host` } },
          { resourceType: "volume", tags: { Name: `${props.clusterName}-host` } },
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
        lifecycle: { createBeforeDestroy: true },
      });
    }

    this.autoScalingGroup = new AutoscalingGroup(this, "group", {
      namePrefix: `${fitPrefix(props.namePrefix, 200)}-`,
      minSize,
      maxSize,
      desiredCapacity: props.desiredCapacity,
      vpcZoneIdentifier: props.subnetIds,
      // A refresh only starts when the group's launch template block changes: follow the version number.
      launchTemplate: this.launchTemplate
        ? { id: this.launchTemplate.id, version: refresh ? Token.asString(this.launchTemplate.latestVersion) : "$Latest" }
        : undefined,
      launchConfiguration: this.launchConfiguration?.name,
      healthCheckType: "EC2",
      protectFromScaleIn,
      instanceRefresh: refresh
        ? {
            strategy: "Rolling",
            preferences: {
              minHealthyPercentage: refresh.minHealthyPercent ?? 90,
              maxHealthyPercentage: refresh.maxHealthyPercent ?? 100,
              instanceWarmup: refresh.instanceWarmupSeconds?.toString(),
              skipMatching: refresh.skipMatching ?? true,
              scaleInProtectedInstances: refresh.scaleInProtectedInstances ?? "Refresh",
              standbyInstances: refresh.standbyInstances ?? "Ignore",
            },
          }
        : undefined,
      tag: [
        { key: "Name", value: `${props.clusterName}-host`, propagateAtLaunch: true },
        // Marks the group as managed by its ECS capacity provider (managed scaling).
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
      ],
      // Managed scaling changes the desired capacity; Terraform must not set it back.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

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
}
