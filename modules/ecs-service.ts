import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService as EcsServiceResource } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { ContainerProps, renderContainerDefinitions } from "./container-definitions";

export interface ServiceLoadBalancingProps {
  /** Listener the service's rule is added to. */
  readonly listener: LbListener;
  readonly vpcId: string;
  /** Container receiving traffic. */
  readonly containerName: string;
  readonly containerPort: number;
  /** Listener rule priority, unique on the listener. */
  readonly priority: number;
  /** @default ["/*"] */
  readonly pathPatterns?: string[];
  /** @default - any host */
  readonly hostHeaders?: string[];
  /** @default "/" */
  readonly healthCheckPath?: string;
  /** @default "200-399" */
  readonly healthCheckMatcher?: string;
  /** Seconds the target group waits for in-flight requests before deregistering a task. @default 30 */
  readonly deregistrationDelaySeconds?: number;
}

export interface EcsServiceProps {
  /** Service name, unique in the cluster. */
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly region: string;
  readonly containers: ContainerProps[];
  readonly executionRoleArn: string;
  /** @default - no task role: the containers can call no AWS API */
  readonly taskRoleArn?: string;
  /** Capacity provider the tasks are placed on. */
  readonly capacityProviderName: string;
  /** @default 1 */
  readonly desiredCount?: number;
  /** Task-level CPU units. @default - none (containers' own limits) */
  readonly cpu?: number;
  /** Task-level memory in MiB. @default - none (containers' own limits) */
  readonly memory?: number;
  /** @default - no load balancer */
  readonly loadBalancing?: ServiceLoadBalancingProps;
  /** @default 100 */
  readonly minimumHealthyPercent?: number;
  /** @default 200 */
  readonly maximumPercent?: number;
  /** Stop a failing deployment. @default true */
  readonly circuitBreaker?: boolean;
  /** Roll back a failed deployment. @default true */
  readonly rollback?: boolean;
  /** @default 60 with a load balancer, else none */
  readonly healthCheckGracePeriodSeconds?: number;
  /** @default 30 */
  readonly logRetentionInDays?: number;
  /** @default "/ecs/<cluster>/<service>" */
  readonly logGroupName?: string;
  /**
   * Resources the service must be created after and destroyed before (the cluster's capacity
   * provider association, so `terraform destroy` removes services first).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One ECS service on EC2: its log group, task definition (bridge networking, dynamic host ports),
 * target group and listener rule when load balanced, and the service itself with a deployment
 * circuit breaker.
 */
export class EcsService extends Construct {
  public readonly service: EcsServiceResource;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly targetGroup?: LbTargetGroup;
  public readonly listenerRule?: LbListenerRule;

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    const minimumHealthyPercent = props.minimumHealthyPercent ?? 100;
    const maximumPercent = props.maximumPercent ?? 200;
    if (minimumHealthyPercent >= maximumPercent) {
      throw new Error(
        `minimumHealthyPercent (${minimumHealthyPercent}) must be less than maximumPercent (${maximumPercent}) for service ${props.name}`,
      );
    }
    const lb = props.loadBalancing;
    if (lb) {
      const container = props.containers.find((c) => c.name === lb.containerName);
      if (!container) {
        throw new Error(`load balancer containerName (${lb.containerName}) is not a container of service ${props.name}`);
      }
      if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
        throw new Error(`load balancer containerPort (${lb.containerPort}) is not a port mapping of container ${lb.containerName}`);
      }
    }

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: props.logGroupName ?? `/ecs/${props.clusterName}/${props.name}`,
      retentionInDays: props.logRetentionInDays ?? 30,
    });

    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: `${props.clusterName}-${props.name}`,
      networkMode: "bridge",
      requiresCompatibilities: ["EC2"],
      cpu: props.cpu?.toString(),
      memory: props.memory?.toString(),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      containerDefinitions: renderContainerDefinitions(props.containers, {
        group: this.logGroup.name,
        region: props.region,
        streamPrefix: props.name,
      }),
    });

    const dependsOn: ITerraformDependable[] = [...(props.dependsOn ?? [])];
    if (lb) {
      this.targetGroup = new LbTargetGroup(this, "target-group", {
        // name_prefix (6 characters at most) and create_before_destroy: a replacement gets a new
        // name, so it never collides with the group it replaces.
        namePrefix: `${props.name.replace(/[^a-zA-Z0-9]/g, "").slice(0, 5) || "svc"}-`,
        port: lb.containerPort,
        protocol: "HTTP",
        targetType: "instance",
        vpcId: lb.vpcId,
        deregistrationDelay: String(lb.deregistrationDelaySeconds ?? 30),
        healthCheck: {
          enabled: true,
          path: lb.healthCheckPath ?? "/",
          matcher: lb.healthCheckMatcher ?? "200-399",
          // Dynamic host ports: check the port the task was registered on.
          port: "traffic-port",
          protocol: "HTTP",
          healthyThreshold: 3,
          unhealthyThreshold: 3,
          interval: 30,
          timeout: 5,
        },
        lifecycle: { createBeforeDestroy: true },
      });
      const conditions: { pathPattern?: { values: string[] }; hostHeader?: { values: string[] } }[] = [
        { pathPattern: { values: lb.pathPatterns ?? ["/*"] } },
      ];
      if (lb.hostHeaders && lb.hostHeaders.length > 0) conditions.push({ hostHeader: { values: lb.hostHeaders } });
      this.listenerRule = new LbListenerRule(this, "listener-rule", {
        listenerArn: lb.listener.arn,
        priority: lb.priority,
        action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        condition: conditions,
      });
      // ECS rejects a target group that is not yet attached to a load balancer.
      dependsOn.push(this.listenerRule);
    }

    this.service = new EcsServiceResource(this, "service", {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount ?? 1,
      capacityProviderStrategy: [{ capacityProvider: props.capacityProviderName, weight: 1, base: 0 }],
      deploymentMinimumHealthyPercent: minimumHealthyPercent,
      deploymentMaximumPercent: maximumPercent,
      deploymentCircuitBreaker: { enable: props.circuitBreaker ?? true, rollback: props.rollback ?? true },
      orderedPlacementStrategy: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
      ],
      loadBalancer: lb && this.targetGroup
        ? [{ targetGroupArn: this.targetGroup.arn, containerName: lb.containerName, containerPort: lb.containerPort }]
        : undefined,
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? (lb ? 60 : undefined),
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      dependsOn,
    });
  }
}
