/**
 * Reads which AMI each host of a cluster runs, and which AMI the cluster's image policy wants:
 * the capacity provider names the Auto Scaling group, the group lists its instances, EC2 gives
 * their AMI and tags, ECS their tasks, SSM the recommended AMI. Read-only API calls.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeCapacityProvidersCommand, DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from "@aws-sdk/client-ecs";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ImageUpdatePolicy } from "../../modules/ecs-ami";

export interface FleetClients {
  readonly ecs: ECSClient;
  readonly autoScaling: AutoScalingClient;
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
}

/** What the config says about the hosts. */
export interface FleetTarget {
  readonly clusterName: string;
  readonly capacityProviderName: string;
  readonly amiParameterName: string;
  readonly updatePolicy: ImageUpdatePolicy;
  /** The AMI of `pinned`. */
  readonly pinnedImageId?: string;
}

export interface Host {
  readonly instanceId: string;
  readonly availabilityZone?: string;
  /** Auto Scaling lifecycle state: InService, Pending, Terminating:Wait, Standby, ... */
  readonly lifecycleState?: string;
  readonly healthStatus?: string;
  /** Launch template version, or launch configuration name, the host was launched from. */
  readonly launchedFrom?: string;
  readonly imageId?: string;
  readonly imageName?: string;
  readonly launchTime?: string;
  /** The host's `ecs-ec2:rollout` tag. */
  readonly rollout?: string;
  /** ECS container instance status (ACTIVE, DRAINING, ...); unset when the host has not registered. */
  readonly ecsStatus?: string;
  readonly agentConnected?: boolean;
  readonly runningTasksCount?: number;
  /** The host runs the AMI the policy wants. */
  readonly current: boolean;
}

export interface FleetReport {
  readonly clusterName: string;
  readonly autoScalingGroupName: string;
  readonly updatePolicy: ImageUpdatePolicy;
  readonly amiParameterName: string;
  /** The SSM parameter's value now. */
  readonly recommendedImageId?: string;
  readonly recommendedImageName?: string;
  /** The AMI hosts should run: `pinnedImageId` for `pinned`, else the recommended one. */
  readonly wantedImageId?: string;
  /** The group's `ecs-ec2:rollout` tag: the label of the last roll. */
  readonly rollout?: string;
  readonly hosts: Host[];
  /** Hosts not on the wanted AMI. */
  readonly outdated: number;
}

/** Problems a user can act on (nothing found, wrong region); printed without a stack trace. */
export class FleetError extends Error {}

const ROLLOUT_TAG = "ecs-ec2:rollout";

/** `arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>` → `<name>`. */
export function groupNameFromArn(arn: string): string {
  const marker = ":autoScalingGroupName/";
  const at = arn.indexOf(marker);
  if (at < 0) throw new FleetError(`not an Auto Scaling group ARN: ${arn}`);
  return arn.slice(at + marker.length);
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function describeFleet(clients: FleetClients, target: FleetTarget): Promise<FleetReport> {
  const providers = await clients.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: [target.capacityProviderName] }));
  const groupArn = providers.capacityProviders?.[0]?.autoScalingGroupProvider?.autoScalingGroupArn;
  if (!groupArn) {
    throw new FleetError(`capacity provider ${target.capacityProviderName} not found (is the stack applied, and the region right?)`);
  }
  const groupName = groupNameFromArn(groupArn);
  const groups = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
  const group = groups.AutoScalingGroups?.[0];
  if (!group) throw new FleetError(`Auto Scaling group ${groupName} of capacity provider ${target.capacityProviderName} not found`);
  const members = group.Instances ?? [];
  const ids = members.map((i) => i.InstanceId!).filter(Boolean);

  const parameter = await clients.ssm.send(new GetParameterCommand({ Name: target.amiParameterName }));
  const recommendedImageId = parameter.Parameter?.Value;

  const instances = new Map<string, { imageId?: string; launchTime?: string; rollout?: string }>();
  for (const batch of chunks(ids, 200)) {
    let nextToken: string | undefined;
    do {
      const page = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: batch, NextToken: nextToken }));
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          instances.set(instance.InstanceId!, {
            imageId: instance.ImageId,
            launchTime: instance.LaunchTime ? new Date(instance.LaunchTime).toISOString() : undefined,
            rollout: instance.Tags?.find((t) => t.Key === ROLLOUT_TAG)?.Value,
          });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }

  const imageIds = [...new Set([recommendedImageId, target.pinnedImageId, ...[...instances.values()].map((i) => i.imageId)].filter((i): i is string => !!i))];
  const imageNames = new Map<string, string>();
  if (imageIds.length > 0) {
    // Old public AMIs may be deregistered or hidden; their names are then simply left out.
    const images = await clients.ec2.send(new DescribeImagesCommand({ ImageIds: imageIds })).catch(() => ({ Images: [] }));
    for (const image of images.Images ?? []) if (image.ImageId && image.Name) imageNames.set(image.ImageId, image.Name);
  }

  const containerInstances = new Map<string, { status?: string; agentConnected?: boolean; runningTasksCount?: number }>();
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.ecs.send(new ListContainerInstancesCommand({ cluster: target.clusterName, nextToken }));
    arns.push(...(page.containerInstanceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  for (const batch of chunks(arns, 100)) {
    const described = await clients.ecs.send(new DescribeContainerInstancesCommand({ cluster: target.clusterName, containerInstances: batch }));
    for (const ci of described.containerInstances ?? []) {
      if (ci.ec2InstanceId) containerInstances.set(ci.ec2InstanceId, { status: ci.status, agentConnected: ci.agentConnected, runningTasksCount: ci.runningTasksCount });
    }
  }

  const wantedImageId = target.updatePolicy === "pinned" ? target.pinnedImageId : recommendedImageId;
  const hosts: Host[] = members
    .map((member) => {
      const instance = instances.get(member.InstanceId!) ?? {};
      const ecs = containerInstances.get(member.InstanceId!) ?? {};
      return {
        instanceId: member.InstanceId!,
        availabilityZone: member.AvailabilityZone,
        lifecycleState: member.LifecycleState,
        healthStatus: member.HealthStatus,
        launchedFrom: member.LaunchTemplate?.Version !== undefined ? `template v${member.LaunchTemplate.Version}` : member.LaunchConfigurationName,
        imageId: instance.imageId,
        imageName: instance.imageId ? imageNames.get(instance.imageId) : undefined,
        launchTime: instance.launchTime,
        rollout: instance.rollout,
        ecsStatus: ecs.status,
        agentConnected: ecs.agentConnected,
        runningTasksCount: ecs.runningTasksCount,
        current: instance.imageId !== undefined && instance.imageId === wantedImageId,
      };
    })
    .sort((a, b) => (a.launchTime ?? "").localeCompare(b.launchTime ?? "") || a.instanceId.localeCompare(b.instanceId));

  return {
    clusterName: target.clusterName,
    autoScalingGroupName: groupName,
    updatePolicy: target.updatePolicy,
    amiParameterName: target.amiParameterName,
    recommendedImageId,
    recommendedImageName: recommendedImageId ? imageNames.get(recommendedImageId) : undefined,
    wantedImageId,
    rollout: group.Tags?.find((t) => t.Key === ROLLOUT_TAG)?.Value,
    hosts,
    outdated: hosts.filter((h) => !h.current).length,
  };
}
