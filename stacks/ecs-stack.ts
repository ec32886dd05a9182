import { Construct } from "constructs";
import { AwsProvider } from "../framework/provider-aws";
import { EcsClusterCapacityProviders } from "../framework/provider-aws";
import { IamServiceLinkedRole } from "../framework/provider-aws";
import { ServiceDiscoveryHttpNamespace } from "../framework/provider-aws";
import { EcsConfig, ServiceConfig } from "../config/schema";
import { serviceTargets } from "../config/sections/service";
import { EcsCapacity } from "../modules/ecs-capacity";
import { EcsCluster } from "../modules/ecs-cluster";
import { EcsInstanceRole } from "../modules/ecs-instance-role";
import { EcsService } from "../modules/ecs-service";
import { DrainHook } from "../modules/drain-hook";
import { ServiceAutoScaling } from "../modules/service-auto-scaling";
import { LoadBalancer } from "../modules/load-balancer";
import { serviceProps, serviceTargetSpecs } from "./service-props";
import { withModuleVariables } from "./terraform-module";
import { addOperations } from "./operations";
import { ReadableStack } from "./readable-stack";
import { configureState } from "./stack-state";
import { loadBalancerName } from "../config/names";

export { loadBalancerName };

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
  /** Our own drain hook, when managed draining is off (or drainOnScaleIn is set). */
  public readonly drainHook?: DrainHook;
  /** Region of the provider (a variable in module mode). */
  public readonly region: string;
  private readonly capacityAssociation: EcsClusterCapacityProviders;
  /** AWSServiceRoleForECS, when `createServiceLinkedRole` is set. */
  private readonly serviceLinkedRole?: IamServiceLinkedRole;
  /** ARN of the Service Connect namespace (created here, or the config's existing one). */
  private readonly serviceConnectNamespaceArn?: string;

  constructor(scope: Construct, id: string, props: EcsStackProps) {
    super(scope, id);
    // Module mode: environment-specific values become variables (stacks/terraform-module.ts).
    const config = props.config.module ? withModuleVariables(this, props.config) : props.config;
    const clusterName = config.name;
    this.region = config.region;

    configureState(this, config);
    const tags = { "managed-by": "cdktf-ecs-ec2", "ecs-cluster": clusterName, ...config.tags };
    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: config.account === undefined ? undefined : [config.account],
      defaultTags: [{ tags }],
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
      imageUpdatePolicy: config.capacity.image.updatePolicy,
      // Provider default_tags do not reach the hosts and their volumes: the capacity tags them itself.
      tags,
      rollout: config.capacity.rollout,
      launchMode: config.capacity.launchMode,
      dockerVolume: config.capacity.dockerVolume,
      keyName: config.capacity.keyName,
      managedScaling: config.capacity.managedScaling,
      managedTerminationProtection: config.capacity.managedTerminationProtection,
      managedDraining: config.capacity.managedDraining,
      protectFromScaleIn: config.capacity.protectFromScaleIn,
      instanceRefresh: config.capacity.instanceRefresh,
      // Bottlerocket refuses privileged containers unless its settings allow them; they are
      // allowed only when a container asks for one (the security rules decide whether it may).
      agent: { ...config.capacity.agent, allowPrivilegedContainers: runsPrivilegedContainers(config) || undefined },
    });
    // Default strategy: the hosts' provider, for tasks started without a strategy or launch type.
    this.capacityAssociation = this.cluster.useCapacityProviders([this.capacity.capacityProvider.name]);
    // Without managed draining, our own lifecycle hook drains hosts before they terminate.
    if (config.capacity.drainOnScaleIn ?? !config.capacity.managedDraining) {
      this.drainHook = new DrainHook(this, "drain", {
        clusterName,
        clusterArn: this.cluster.arn,
        region: config.region,
        autoScalingGroup: this.capacity.autoScalingGroup,
        ...config.capacity.drainHook,
      });
    }

    for (const lb of config.loadBalancers) {
      const loadBalancer = new LoadBalancer(this, `lb-${lb.name}`, {
        name: loadBalancerName(clusterName, lb.name),
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

    const namespace = config.serviceConnectNamespace;
    this.serviceConnectNamespaceArn = namespace?.name
      ? new ServiceDiscoveryHttpNamespace(this, "service-connect-namespace", { name: namespace.name, description: `ECS Service Connect of cluster ${clusterName}` }).arn
      : namespace?.arn;

    if (config.createServiceLinkedRole) {
      this.serviceLinkedRole = new IamServiceLinkedRole(this, "ecs-service-linked-role", { awsServiceName: "ecs.amazonaws.com" });
    }
    // Services with `stack` set are added by their own stack (stacks/services-stack.ts).
    for (const service of config.services.filter((s) => s.stack === undefined)) this.addService(this, config, service);
    // Alerts, one-off and scheduled tasks (stacks/operations.ts).
    addOperations({ stack: this, cluster: this.cluster, capacity: this.capacity, services: this.services, drainHook: this.drainHook }, config);
  }

  /**
   * Adds a service, its roles and its resources to `scope`: this stack, or a services stack
   * (references to the cluster, capacity provider and listener then cross stacks).
   */
  public addService(scope: Construct, config: EcsConfig, service: ServiceConfig): EcsService {
    const clusterName = config.name;
    // Each service has its own execution role (granted exactly its secrets) and task role.
    const ecsService = new EcsService(scope, `svc-${service.name}`, {
      name: service.name,
      clusterName,
      clusterArn: this.cluster.arn,
      region: config.region,
      capacityProviderName: this.capacity.capacityProvider.name,
      ...serviceProps(service),
      targets: this.serviceTargets(config, service),
      serviceConnect:
        service.serviceConnect && this.serviceConnectNamespaceArn ? { namespace: this.serviceConnectNamespaceArn, services: service.serviceConnect.services } : undefined,
      // Across stacks the order comes from the stacks themselves (deploy the cluster stack first).
      dependsOn: scope === this ? [this.capacityAssociation, ...(this.serviceLinkedRole ? [this.serviceLinkedRole] : [])] : [],
    });
    this.services[service.name] = ecsService;
    if (service.autoScaling) {
      // ALBRequestCountPerTarget counts the first target group's requests.
      const first = serviceTargets(service)[0];
      const lb = first && ecsService.targetGroup ? this.loadBalancers[first.target.name] : undefined;
      new ServiceAutoScaling(scope, `scaling-${service.name}`, {
        ...service.autoScaling,
        service: ecsService.service,
        clusterName: this.cluster.name,
        requestCountLabel: lb && ecsService.targetGroup ? `${lb.loadBalancer.arnSuffix}/${ecsService.targetGroup.arnSuffix}` : undefined,
      });
    }
    return ecsService;
  }

  /** The service's target groups; fixed host ports are opened from their load balancer to the hosts. */
  private serviceTargets(config: EcsConfig, service: ServiceConfig) {
    return serviceTargetSpecs(config, service, (lbName, hostPort) => {
      const loadBalancer = this.loadBalancers[lbName];
      if (hostPort !== 0) loadBalancer.allowToHosts(this.capacity.securityGroup, { from: hostPort, to: hostPort });
      return loadBalancer.listener;
    });
  }
}

/** Whether any service or task container of the config has `privileged: true`. */
export function runsPrivilegedContainers(config: EcsConfig): boolean {
  return [...config.services, ...config.tasks].some((owner) => (owner.containers ?? []).some((c) => c.privileged));
}
