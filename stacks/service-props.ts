/**
 * Maps a service's config to EcsService props: the one place that knows both shapes.
 */
import { LbListener } from "../framework/provider-aws";
import { EcsConfig, ServiceConfig } from "../config/schema";
import { serviceTargets } from "../config/sections/service";
import { EcsServiceProps, ServiceTargetSpec } from "../modules/ecs-service";

/** Everything EcsService needs from the service's own config (not the cluster's). */
export function serviceProps(service: ServiceConfig) {
  const daemon = service.schedulingStrategy === "DAEMON";
  return {
    containers: service.containers,
    schedulingStrategy: service.schedulingStrategy,
    desiredCount: daemon ? undefined : service.desiredCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    cpu: service.cpu,
    memory: service.memory,
    volumes: service.volumes,
    taskPlacementConstraints: service.taskPlacementConstraints,
    secretsKmsKeyArns: service.secretsKmsKeyArns,
    taskRoleManagedPolicyArns: service.taskRole.managedPolicyArns,
    taskRoleStatements: service.taskRole.statements.map((s) => ({ Effect: s.effect, Action: s.actions, Resource: s.resources })),
    placementStrategy: service.placementStrategy,
    placementConstraints: service.placementConstraints,
    minimumHealthyPercent: service.deployment.minimumHealthyPercent,
    maximumPercent: service.deployment.maximumPercent,
    circuitBreaker: service.deployment.circuitBreaker,
    rollback: service.deployment.rollback,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    enableExecuteCommand: service.enableExecuteCommand,
    deploymentAlarms: service.deployment.alarms,
    forceNewDeployment: service.deployment.forceNewDeployment,
    triggers: service.deployment.triggers,
    waitForSteadyState: service.deployment.waitForSteadyState,
    availabilityZoneRebalancing: service.availabilityZoneRebalancing,
    propagateTags: service.propagateTags,
    legacyServiceRoleArn: service.legacyServiceRoleArn,
    ignoreTaskDefinitionChanges: service.ignoreTaskDefinitionChanges,
    logRetentionInDays: service.logs.retentionInDays,
    logGroupName: service.logs.groupName,
    logKmsKeyArn: service.logs.kmsKeyArn,
  } satisfies Partial<EcsServiceProps>;
}

/**
 * The service's target groups. `listenerFor(lb, hostPort)` returns the listener of a load
 * balancer and is told each target's host port (0 = dynamic), so fixed ports can be opened.
 * The checks guarantee that names, containers and ports exist; a lone target on a load
 * balancer gets priority 100.
 */
export function serviceTargetSpecs(config: EcsConfig, service: ServiceConfig, listenerFor: (loadBalancerName: string, hostPort: number) => LbListener): ServiceTargetSpec[] {
  return serviceTargets(service).map(({ target, container, containerPort }) => {
    const port = containerPort ?? 0;
    const hostPort = container?.portMappings.find((p) => p.containerPort === port)?.hostPort ?? 0;
    return {
      listener: listenerFor(target.name, hostPort),
      vpcId: config.network.vpcId,
      containerName: container?.name ?? target.containerName ?? "",
      containerPort: port,
      priority: target.priority ?? 100,
      pathPatterns: target.pathPatterns,
      hostHeaders: target.hostHeaders,
      healthCheckPath: target.healthCheckPath,
      healthCheckMatcher: target.healthCheckMatcher,
      healthCheckIntervalSeconds: target.healthCheckIntervalSeconds,
      healthCheckTimeoutSeconds: target.healthCheckTimeoutSeconds,
      healthyThresholdCount: target.healthyThresholdCount,
      unhealthyThresholdCount: target.unhealthyThresholdCount,
      deregistrationDelaySeconds: target.deregistrationDelaySeconds,
      stickinessSeconds: target.stickinessSeconds,
    };
  });
}
