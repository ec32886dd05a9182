import { Construct } from "constructs";
import { LocalBackend } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EcsConfig, ServiceConfig } from "../config/schema";
import { EcsCapacity } from "../modules/ecs-capacity";
import { EcsCluster } from "../modules/ecs-cluster";
import { EcsInstanceRole } from "../modules/ecs-instance-role";
import { EcsService } from "../modules/ecs-service";
import { LoadBalancer } from "../modules/load-balancer";
import { TaskExecutionRole } from "../modules/task-execution-role";
import { TaskRole } from "../modules/task-role";
import { ReadableStack } from "./readable-stack";

export interface EcsStackProps {
  /** The validated config model (see config/schema.ts). */
  readonly config: EcsConfig;
}

/**
 * One ECS-on-EC2 environment, top to bottom like the architecture:
 * provider → cluster → host capacity → load balancers → services.
 */
export class EcsStack extends ReadableStack {
  public readonly cluster: EcsCluster;
  public readonly capacity: EcsCapacity;
  public readonly loadBalancers: Record<string, LoadBalancer> = {};
  public readonly services: Record<string, EcsService> = {};

  constructor(scope: Construct, id: string, props: EcsStackProps) {
    super(scope, id);
    const config = props.config;
    const clusterName = config.name;

    // State next to the generated configuration (Terraform's own default), not an absolute path
    // that would differ per machine.
    new LocalBackend(this, { path: "terraform.tfstate" });
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [{ tags: { "managed-by": "cdktf-ecs-ec2", "ecs-cluster": clusterName, ...config.tags } }],
    });

    this.cluster = new EcsCluster(this, "cluster", {
      name: clusterName,
      containerInsights: config.cluster.containerInsights,
    });

    const hostRole = new EcsInstanceRole(this, "host-role", {
      namePrefix: clusterName,
      region: config.region,
      sessionManager: config.capacity.sessionManager,
    });
    this.capacity = new EcsCapacity(this, "capacity", {
      namePrefix: clusterName,
      clusterName,
      vpcId: config.network.vpcId,
      subnetIds: config.network.hostSubnetIds,
      instanceProfile: hostRole.instanceProfile,
      instanceType: config.capacity.instanceType,
      minSize: config.capacity.minSize,
      maxSize: config.capacity.maxSize,
      desiredCapacity: config.capacity.desiredCapacity,
      amiFamily: config.capacity.image.family,
      architecture: config.capacity.image.architecture,
      amiVariant: config.capacity.image.variant,
      imageId: config.capacity.image.id,
      launchMode: config.capacity.launchMode,
      dockerVolume: config.capacity.dockerVolume,
      keyName: config.capacity.keyName,
    });
    const association = this.cluster.useCapacityProviders([this.capacity.capacityProvider.name]);

    for (const lb of config.loadBalancers) {
      const loadBalancer = new LoadBalancer(this, `lb-${lb.name}`, {
        name: `${clusterName}-${lb.name}`,
        vpcId: config.network.vpcId,
        subnetIds: config.network.loadBalancerSubnetIds ?? [],
        internal: lb.internal,
        ingressCidrs: lb.ingressCidrs,
        certificateArn: lb.certificateArn,
        sslPolicy: lb.sslPolicy,
        idleTimeoutSeconds: lb.idleTimeoutSeconds,
      });
      loadBalancer.allowToHosts(this.capacity.securityGroup);
      this.loadBalancers[lb.name] = loadBalancer;
    }

    const executionRole = new TaskExecutionRole(this, "execution-role", { namePrefix: clusterName, region: config.region });
    for (const service of config.services) {
      const taskRole = new TaskRole(this, `task-role-${service.name}`, { namePrefix: `${clusterName}-${service.name}` });
      this.services[service.name] = new EcsService(this, `svc-${service.name}`, {
        name: service.name,
        clusterName,
        clusterArn: this.cluster.arn,
        region: config.region,
        containers: service.containers,
        executionRoleArn: executionRole.role.arn,
        taskRoleArn: taskRole.role.arn,
        capacityProviderName: this.capacity.capacityProvider.name,
        desiredCount: service.desiredCount,
        cpu: service.cpu,
        memory: service.memory,
        loadBalancing: this.loadBalancing(config, service),
        minimumHealthyPercent: service.deployment.minimumHealthyPercent,
        maximumPercent: service.deployment.maximumPercent,
        circuitBreaker: service.deployment.circuitBreaker,
        rollback: service.deployment.rollback,
        healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
        logRetentionInDays: service.logs.retentionInDays,
        logGroupName: service.logs.groupName,
        dependsOn: [association],
      });
    }
  }

  private loadBalancing(config: EcsConfig, service: ServiceConfig) {
    const attachment = service.loadBalancer;
    if (!attachment) return undefined;
    const container = attachment.containerName
      ? service.containers.find((c) => c.name === attachment.containerName)
      : service.containers.find((c) => c.portMappings.length > 0);
    return {
      listener: this.loadBalancers[attachment.name].listener,
      vpcId: config.network.vpcId,
      containerName: container?.name ?? attachment.containerName ?? "",
      containerPort: attachment.containerPort ?? container?.portMappings[0]?.containerPort ?? 0,
      priority: attachment.priority ?? 100,
      pathPatterns: attachment.pathPatterns,
      hostHeaders: attachment.hostHeaders,
      healthCheckPath: attachment.healthCheckPath,
      healthCheckMatcher: attachment.healthCheckMatcher,
      deregistrationDelaySeconds: attachment.deregistrationDelaySeconds,
    };
  }
}
