import { Construct } from "constructs";
import { ITerraformDependable } from "../framework/cdktf";
import { CloudwatchLogGroup } from "../framework/provider-aws";
import { EcsService as EcsServiceResource } from "../framework/provider-aws";
import { EcsTaskDefinition } from "../framework/provider-aws";
import { LbTargetGroup } from "../framework/provider-aws";
import { ContainerProps } from "./container-definitions";
import { PolicyStatement, partitionOf } from "./iam-policy";
import { ServiceTarget, ServiceTargetProps } from "./service-target";
import { addTaskDefinitionParts } from "./task-definition-parts";
import { TaskExecutionRole } from "./task-execution-role";
import { TaskRole } from "./task-role";

/** A task volume: a host directory, a Docker volume or an EFS file system (at most one of them). */
export interface VolumeProps {
  readonly name: string;
  /** @default - no bind mount of a host directory */
  readonly hostPath?: string;
  /** @default - not a Docker volume */
  readonly docker?: {
    /** @default "task" */
    readonly scope?: "task" | "shared";
    /** Create the volume when missing (shared scope only). @default false */
    readonly autoprovision?: boolean;
    /** @default "local" (Docker's default) */
    readonly driver?: string;
    readonly driverOpts?: Record<string, string>;
    readonly labels?: Record<string, string>;
  };
  /** @default - not an EFS volume */
  readonly efs?: {
    readonly fileSystemId: string;
    /** @default "/" */
    readonly rootDirectory?: string;
    /** @default - no access point */
    readonly accessPointId?: string;
    /** @default "ENABLED" */
    readonly transitEncryption?: "ENABLED" | "DISABLED";
    /** Mount as the task role. @default "DISABLED" */
    readonly iam?: "ENABLED" | "DISABLED";
  };
}

/** ECS Service Connect of a service. */
export interface ServiceConnectProps {
  /** Cloud Map namespace ARN (or name). */
  readonly namespace: string;
  /** Endpoints the service offers. @default - none: a client only */
  readonly services?: {
    /** `name` of a port mapping of one of the containers. */
    readonly portName: string;
    /** @default - the port name */
    readonly discoveryName?: string;
    /** @default - the discovery name and the container port */
    readonly clientAlias?: { readonly port: number; readonly dnsName?: string };
    /** @default - the container port */
    readonly ingressPortOverride?: number;
  }[];
}

/** A target group of the service, named after its container and port. */
export type ServiceTargetSpec = Omit<ServiceTargetProps, "namePrefix">;

export interface EcsServiceProps {
  /** Service name, unique in the cluster. */
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly region: string;
  readonly containers: ContainerProps[];
  /** Capacity provider the tasks are placed on, unless `launchType` or `capacityProviderStrategy` is set. */
  readonly capacityProviderName: string;
  /** @default - the capacity provider above (none for DAEMON, which requires launch type EC2) */
  readonly capacityProviderStrategy?: { readonly capacityProvider: string; readonly weight?: number; readonly base?: number }[];
  /** @default - capacity provider; "EC2" for DAEMON */
  readonly launchType?: "EC2";
  /** @default "REPLICA" */
  readonly schedulingStrategy?: "REPLICA" | "DAEMON";
  /** @default 1 (REPLICA); must be left out for DAEMON */
  readonly desiredCount?: number;
  /** Task-level CPU units. @default - none (containers' own limits) */
  readonly cpu?: number;
  /** Task-level memory in MiB. @default - none (containers' own limits) */
  readonly memory?: number;
  /** @default - none */
  readonly volumes?: VolumeProps[];
  /** Task definition memberOf expressions. @default - none */
  readonly taskPlacementConstraints?: string[];
  /** Customer managed keys of the containers' secrets (kms:Decrypt for the execution role). @default - none */
  readonly secretsKmsKeyArns?: string[];
  /** Managed policies for the task role. @default - none */
  readonly taskRoleManagedPolicyArns?: string[];
  /** Inline statements for the task role. @default - none */
  readonly taskRoleStatements?: PolicyStatement[];
  /** @default - no load balancer */
  readonly targets?: ServiceTargetSpec[];
  /** @default - spread over availability zones, then binpack on memory (none for DAEMON) */
  readonly placementStrategy?: { readonly type: string; readonly field?: string }[];
  /** @default - none */
  readonly placementConstraints?: { readonly type: "distinctInstance" | "memberOf"; readonly expression?: string }[];
  /** @default 100 (REPLICA), 0 (DAEMON) */
  readonly minimumHealthyPercent?: number;
  /** @default 200 (REPLICA); not sent for DAEMON */
  readonly maximumPercent?: number;
  /** Stop a failing deployment. @default true */
  readonly circuitBreaker?: boolean;
  /** Roll back a failed deployment. @default true */
  readonly rollback?: boolean;
  /** @default 60 with a load balancer, else none */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * `aws ecs execute-command` into the containers; also turns on each container's init process,
   * which ECS recommends so exec sessions leave no zombie processes.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /** CloudWatch alarms that fail (and with `rollback`, roll back) a deployment. @default - none */
  readonly deploymentAlarms?: { readonly names: string[]; readonly rollback?: boolean };
  /** Every update starts a new deployment; needed for `triggers`. @default false */
  readonly forceNewDeployment?: boolean;
  /** Values whose change redeploys the service (needs forceNewDeployment). @default - none */
  readonly triggers?: Record<string, string>;
  /** `terraform apply` waits for a steady state. @default false */
  readonly waitForSteadyState?: boolean;
  /** @default - not sent: ECS decides (ENABLED on new services that support it) */
  readonly availabilityZoneRebalancing?: "ENABLED" | "DISABLED";
  /**
   * ECS Service Connect; needs the task `memory` (the proxy ECS adds uses what the containers leave).
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html
   * @default - no Service Connect
   */
  readonly serviceConnect?: ServiceConnectProps;
  /** @default "SERVICE" */
  readonly propagateTags?: "SERVICE" | "TASK_DEFINITION" | "NONE";
  /** Legacy ECS service role (`iam_role`). @default - the ECS service-linked role */
  readonly legacyServiceRoleArn?: string;
  /** Leave `task_definition` to a CI pipeline after creation. @default false */
  readonly ignoreTaskDefinitionChanges?: boolean;
  /** @default 30 */
  readonly logRetentionInDays?: number;
  /** @default "/ecs/<cluster>/<service>" */
  readonly logGroupName?: string;
  /** KMS key ARN that encrypts the log group. @default - CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /**
   * Resources the service must be created after and destroyed before (the cluster's capacity
   * provider association, so `terraform destroy` removes services first).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One ECS service on EC2: its log group, roles (execution role granted exactly the task's
 * secrets; task role), task definition (bridge networking), one target group and listener rule
 * per load-balanced container port, and the service itself with a deployment circuit breaker.
 */
export class EcsService extends Construct {
  public readonly service: EcsServiceResource;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly executionRole: TaskExecutionRole;
  public readonly taskRole: TaskRole;
  /** Target groups by `<container>-<port>`. */
  public readonly targets: Record<string, ServiceTarget> = {};

  /** The first target group, for services with one load balancer target. */
  public get targetGroup(): LbTargetGroup | undefined {
    return Object.values(this.targets)[0]?.targetGroup;
  }

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    const daemon = (props.schedulingStrategy ?? "REPLICA") === "DAEMON";
    const minimumHealthyPercent = props.minimumHealthyPercent ?? (daemon ? 0 : 100);
    const maximumPercent = props.maximumPercent ?? (daemon ? 100 : 200);
    const targets = props.targets ?? [];
    const volumes = props.volumes ?? [];
    this.node.addValidation({ validate: () => serviceInvariants(props, { daemon, minimumHealthyPercent, maximumPercent }) });

    const parts = addTaskDefinitionParts(this, {
      family: `${props.clusterName}-${props.name}`,
      region: props.region,
      containers: props.enableExecuteCommand ? props.containers.map((c) => ({ ...c, initProcessEnabled: true })) : props.containers,
      logGroupName: props.logGroupName ?? `/ecs/${props.clusterName}/${props.name}`,
      logRetentionInDays: props.logRetentionInDays,
      logKmsKeyArn: props.logKmsKeyArn,
      streamPrefix: props.name,
      secretsKmsKeyArns: props.secretsKmsKeyArns,
      cpu: props.cpu,
      memory: props.memory,
      taskRole: {
        managedPolicyArns: props.taskRoleManagedPolicyArns,
        statements: [...(props.taskRoleStatements ?? []), ...efsStatements(volumes, props.containers, props.region)],
        enableExecuteCommand: props.enableExecuteCommand,
      },
      extra: {
        volume: volumes.length > 0 ? volumes.map(renderVolume) : undefined,
        placementConstraints:
          (props.taskPlacementConstraints ?? []).length > 0 ? (props.taskPlacementConstraints ?? []).map((expression) => ({ type: "memberOf", expression })) : undefined,
      },
    });
    this.logGroup = parts.logGroup;
    this.executionRole = parts.executionRole;
    this.taskRole = parts.taskRole;
    this.taskDefinition = parts.taskDefinition;

    const dependsOn: ITerraformDependable[] = [...(props.dependsOn ?? [])];
    for (const target of targets) {
      const key = `${target.containerName}-${target.containerPort}`;
      if (this.targets[key]) continue; // a second target for one port: reported by serviceInvariants
      const serviceTarget = new ServiceTarget(this, `target-${key}`, { ...target, namePrefix: props.name });
      this.targets[key] = serviceTarget;
      // ECS rejects a target group that is not yet attached to a load balancer.
      dependsOn.push(serviceTarget.listenerRule);
    }

    const placementStrategy = daemon
      ? undefined
      : (props.placementStrategy ?? [
          { type: "spread", field: "attribute:ecs.availability-zone" },
          { type: "binpack", field: "memory" },
        ]);
    const launchType = props.launchType ?? (daemon ? "EC2" : undefined);
    this.service = new EcsServiceResource(this, "service", {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      schedulingStrategy: daemon ? "DAEMON" : "REPLICA",
      desiredCount: daemon ? undefined : (props.desiredCount ?? 1),
      launchType,
      capacityProviderStrategy: launchType
        ? undefined
        : (props.capacityProviderStrategy ?? [{ capacityProvider: props.capacityProviderName, weight: 1, base: 0 }]).map((s) => ({
            capacityProvider: s.capacityProvider,
            weight: s.weight ?? 1,
            base: s.base ?? 0,
          })),
      deploymentMinimumHealthyPercent: minimumHealthyPercent,
      deploymentMaximumPercent: daemon ? undefined : maximumPercent,
      deploymentCircuitBreaker: { enable: props.circuitBreaker ?? true, rollback: props.rollback ?? true },
      orderedPlacementStrategy: placementStrategy?.map((s) => ({ type: s.type, field: s.field })),
      placementConstraints: (props.placementConstraints ?? []).length > 0 ? (props.placementConstraints ?? []).map((c) => ({ type: c.type, expression: c.expression })) : undefined,
      loadBalancer:
        targets.length > 0
          ? Object.values(this.targets).map((t) => ({ targetGroupArn: t.targetGroup.arn, containerName: t.containerName, containerPort: t.containerPort }))
          : undefined,
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? (targets.length > 0 ? 60 : undefined),
      iamRole: props.legacyServiceRoleArn,
      enableExecuteCommand: props.enableExecuteCommand ? true : undefined,
      alarms: props.deploymentAlarms ? { alarmNames: props.deploymentAlarms.names, enable: true, rollback: props.deploymentAlarms.rollback ?? true } : undefined,
      forceNewDeployment: props.forceNewDeployment ? true : undefined,
      triggers: Object.keys(props.triggers ?? {}).length > 0 ? props.triggers : undefined,
      waitForSteadyState: props.waitForSteadyState ? true : undefined,
      availabilityZoneRebalancing: props.availabilityZoneRebalancing,
      serviceConnectConfiguration: props.serviceConnect
        ? {
            enabled: true,
            namespace: props.serviceConnect.namespace,
            service:
              (props.serviceConnect.services ?? []).length === 0
                ? undefined
                : (props.serviceConnect.services ?? []).map((x) => ({
                    portName: x.portName,
                    discoveryName: x.discoveryName,
                    ingressPortOverride: x.ingressPortOverride,
                    clientAlias: x.clientAlias ? { port: x.clientAlias.port, dnsName: x.clientAlias.dnsName } : undefined,
                  })),
          }
        : undefined,
      propagateTags: props.propagateTags ?? "SERVICE",
      enableEcsManagedTags: true,
      lifecycle: props.ignoreTaskDefinitionChanges ? { ignoreChanges: ["task_definition"] } : undefined,
      dependsOn,
    });
  }
}

/**
 * Invariants of the props that need no AWS call, each naming the prop and its value; checked at
 * synth (`node.addValidation`). Configs are checked earlier, with config paths (config/checks/).
 */
export function serviceInvariants(props: EcsServiceProps, r: { daemon: boolean; minimumHealthyPercent: number; maximumPercent: number }): string[] {
  const name = props.name;
  const problems: string[] = [];
  if (r.minimumHealthyPercent >= r.maximumPercent) {
    problems.push(`minimumHealthyPercent (${r.minimumHealthyPercent}) must be less than maximumPercent (${r.maximumPercent}) for service ${name}`);
  }
  if (props.launchType && props.capacityProviderStrategy) {
    problems.push(`service ${name}: set launchType (${props.launchType}) or capacityProviderStrategy, not both`);
  }
  if (r.daemon) {
    if (props.desiredCount !== undefined) problems.push(`desiredCount (${props.desiredCount}) cannot be set for DAEMON service ${name}: it runs one task per host`);
    if (props.capacityProviderStrategy) problems.push(`capacityProviderStrategy cannot be set for DAEMON service ${name}: daemon services use launch type EC2`);
    if (props.placementStrategy) problems.push(`placementStrategy cannot be set for DAEMON service ${name}: it runs one task per host`);
  }
  const containerNames = props.containers.map((c) => c.name);
  const seen = new Set<string>();
  for (const t of props.targets ?? []) {
    const container = props.containers.find((c) => c.name === t.containerName);
    if (!container) {
      problems.push(`target containerName (${t.containerName}) is not a container of service ${name}; its containers: ${containerNames.join(", ")}`);
    } else if (!(container.portMappings ?? []).some((p) => p.containerPort === t.containerPort)) {
      problems.push(`target containerPort (${t.containerPort}) is not a port mapping of container ${t.containerName}`);
    }
    const key = `${t.containerName}-${t.containerPort}`;
    if (seen.has(key)) problems.push(`service ${name} has two targets for container ${t.containerName} port ${t.containerPort}; each container port may have one target group`);
    seen.add(key);
  }
  if (Object.keys(props.triggers ?? {}).length > 0 && !props.forceNewDeployment) {
    problems.push(`triggers (${Object.keys(props.triggers ?? {}).join(", ")}) of service ${name} need forceNewDeployment: the provider ignores trigger changes without it`);
  }
  if (r.daemon && props.availabilityZoneRebalancing === "ENABLED") {
    problems.push(`availabilityZoneRebalancing (ENABLED) is not available for DAEMON service ${name}`);
  }
  if (props.enableExecuteCommand) {
    const readOnly = props.containers.filter((c) => c.readonlyRootFilesystem).map((c) => c.name);
    if (readOnly.length > 0)
      problems.push(
        `enableExecuteCommand cannot be used with readonlyRootFilesystem containers (${readOnly.join(", ")}) of service ${name}: ECS Exec writes to the root file system`,
      );
  }
  if (props.serviceConnect) {
    if (props.memory === undefined) problems.push(`serviceConnect of service ${name} needs the task memory: the Service Connect proxy uses what the containers leave`);
    const named = props.containers.flatMap((c) => (c.portMappings ?? []).map((p) => p.name).filter((n) => n !== undefined));
    for (const x of props.serviceConnect.services ?? []) {
      if (!named.includes(x.portName))
        problems.push(`serviceConnect portName (${x.portName}) is not a named port mapping of service ${name}; named ports: ${named.join(", ") || "none"}`);
    }
  }
  if (props.legacyServiceRoleArn && (props.targets ?? []).length === 0) {
    problems.push(`legacyServiceRoleArn (${props.legacyServiceRoleArn}) is only used with a load balancer; service ${name} has none`);
  }
  return problems;
}

function renderVolume(v: VolumeProps) {
  return {
    name: v.name,
    hostPath: v.hostPath,
    dockerVolumeConfiguration: v.docker
      ? {
          scope: v.docker.scope ?? "task",
          autoprovision: v.docker.scope === "shared" ? (v.docker.autoprovision ?? false) : undefined,
          driver: v.docker.driver,
          driverOpts: nonEmpty(v.docker.driverOpts),
          labels: nonEmpty(v.docker.labels),
        }
      : undefined,
    efsVolumeConfiguration: v.efs
      ? {
          fileSystemId: v.efs.fileSystemId,
          rootDirectory: v.efs.accessPointId ? undefined : v.efs.rootDirectory,
          transitEncryption: v.efs.transitEncryption ?? "ENABLED",
          authorizationConfig: v.efs.accessPointId || v.efs.iam === "ENABLED" ? { accessPointId: v.efs.accessPointId, iam: v.efs.iam ?? "DISABLED" } : undefined,
        }
      : undefined,
  };
}

function nonEmpty(record?: Record<string, string>): Record<string, string> | undefined {
  return record && Object.keys(record).length > 0 ? record : undefined;
}

/**
 * EFS volumes mounted with IAM authorization: the task role may mount them (and write, when any
 * container mounts them writable).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
 */
function efsStatements(volumes: VolumeProps[], containers: ContainerProps[], region: string): PolicyStatement[] {
  return volumes
    .filter((v) => v.efs?.iam === "ENABLED")
    .map((v) => {
      const writable = containers.some((c) => (c.mountPoints ?? []).some((m) => m.sourceVolume === v.name && !m.readOnly));
      return {
        Sid: `Efs${v.name.replace(/[^A-Za-z0-9]/g, "")}`,
        Effect: "Allow" as const,
        Action: writable ? ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"] : ["elasticfilesystem:ClientMount"],
        Resource: `arn:${partitionOf(region)}:elasticfilesystem:${region}:*:file-system/${v.efs?.fileSystemId}`,
      };
    });
}
