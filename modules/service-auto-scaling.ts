import { Construct } from "constructs";
import { AppautoscalingPolicy } from "../framework/provider-aws";
import { AppautoscalingScheduledAction } from "../framework/provider-aws";
import { AppautoscalingTarget } from "../framework/provider-aws";
import { CloudwatchMetricAlarm } from "../framework/provider-aws";
import { EcsService } from "../framework/provider-aws";

export interface TargetTrackingProps {
  /** @default - no CPU policy */
  readonly cpuPercent?: number;
  /** @default - no memory policy */
  readonly memoryPercent?: number;
  /** ALB requests per task; needs `requestCountLabel`. @default - no request policy */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /** @default false */
  readonly disableScaleIn?: boolean;
}

export interface StepScalingProps {
  /** Unique per service; names the policy and its alarm. */
  readonly name: string;
  readonly metric: {
    readonly namespace: string;
    readonly name: string;
    readonly statistic: string;
    /** @default - ClusterName and ServiceName of this service for AWS/ECS, else none */
    readonly dimensions?: Record<string, string>;
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
  };
  readonly comparison: string;
  readonly threshold: number;
  readonly adjustmentType: string;
  readonly cooldownSeconds: number;
  /** Bounds are relative to the threshold. */
  readonly steps: { readonly lowerBound?: number; readonly upperBound?: number; readonly adjustment: number }[];
}

export interface ScheduledScalingProps {
  readonly name: string;
  /** cron(...), at(...) or rate(...). */
  readonly schedule: string;
  /** @default "UTC" */
  readonly timezone?: string;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export interface ServiceAutoScalingProps {
  /** The scaled service. Its desired_count is left to Auto Scaling from now on. */
  readonly service: EcsService;
  readonly clusterName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** @default - no target tracking */
  readonly targetTracking?: TargetTrackingProps;
  /** @default - none */
  readonly stepScaling?: StepScalingProps[];
  /** @default - none */
  readonly scheduled?: ScheduledScalingProps[];
  /**
   * `<load balancer arn_suffix>/<target group arn_suffix>` for ALBRequestCountPerTarget.
   * @default - none: requestsPerTarget is an error
   */
  readonly requestCountLabel?: string;
}

/**
 * Application Auto Scaling of one ECS service's desired count: the scalable target, target
 * tracking on CPU, memory or ALB requests, step scaling driven by CloudWatch alarms, and
 * scheduled changes of the bounds. The service stops Terraform from resetting desired_count.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html
 */
export class ServiceAutoScaling extends Construct {
  public readonly target: AppautoscalingTarget;
  public readonly policies: AppautoscalingPolicy[] = [];
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAutoScalingProps) {
    super(scope, id);
    const tracking = props.targetTracking ?? {};
    const serviceName = props.service.name;
    this.node.addValidation({
      validate: () => [
        ...(props.minCapacity > props.maxCapacity ? [`minCapacity (${props.minCapacity}) must not be greater than maxCapacity (${props.maxCapacity})`] : []),
        ...(tracking.requestsPerTarget !== undefined && !props.requestCountLabel
          ? [`targetTracking.requestsPerTarget (${tracking.requestsPerTarget}) needs requestCountLabel: the service has no load balancer target`]
          : []),
      ],
    });

    // Auto Scaling owns the desired count; an apply must not set it back.
    const lifecycle = props.service.lifecycle ?? {};
    const ignored = lifecycle.ignoreChanges === "all" ? "all" : [...new Set([...(lifecycle.ignoreChanges ?? []), "desired_count"])];
    props.service.lifecycle = { ...lifecycle, ignoreChanges: ignored };

    // References to the service (not retyped names): created after it, destroyed before it.
    const resourceId = `service/${props.clusterName}/${serviceName}`;
    const dimension = { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId };
    const scheduled = props.scheduled ?? [];
    this.target = new AppautoscalingTarget(this, "target", {
      ...dimension,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      // A scheduled action sets the target's min and max itself (RegisterScalableTarget at its
      // time); an apply inside its window would put them back, and plans would never be clean.
      // So with scheduled actions the configured bounds apply at creation only.
      // https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
      lifecycle: scheduled.length > 0 ? { ignoreChanges: ["min_capacity", "max_capacity"] } : undefined,
    });
    const targetDimension = {
      serviceNamespace: this.target.serviceNamespace,
      scalableDimension: this.target.scalableDimension,
      resourceId: this.target.resourceId,
    };

    const trackers: { key: string; metric: string; value?: number; label?: string }[] = [
      { key: "cpu", metric: "ECSServiceAverageCPUUtilization", value: tracking.cpuPercent },
      { key: "memory", metric: "ECSServiceAverageMemoryUtilization", value: tracking.memoryPercent },
      { key: "requests", metric: "ALBRequestCountPerTarget", value: tracking.requestsPerTarget, label: props.requestCountLabel },
    ];
    for (const t of trackers) {
      if (t.value === undefined) continue;
      this.policies.push(
        new AppautoscalingPolicy(this, t.key, {
          name: `${props.clusterName}-${serviceName}-${t.key}`,
          policyType: "TargetTrackingScaling",
          ...targetDimension,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: t.value,
            predefinedMetricSpecification: { predefinedMetricType: t.metric, resourceLabel: t.label },
            scaleInCooldown: tracking.scaleInCooldownSeconds ?? 300,
            scaleOutCooldown: tracking.scaleOutCooldownSeconds ?? 60,
            disableScaleIn: tracking.disableScaleIn ?? false,
          },
        }),
      );
    }

    for (const step of props.stepScaling ?? []) {
      const policy = new AppautoscalingPolicy(this, `step-${step.name}`, {
        name: `${props.clusterName}-${serviceName}-${step.name}`,
        policyType: "StepScaling",
        ...targetDimension,
        stepScalingPolicyConfiguration: {
          adjustmentType: step.adjustmentType,
          cooldown: step.cooldownSeconds,
          metricAggregationType: step.metric.statistic === "Minimum" || step.metric.statistic === "Maximum" ? step.metric.statistic : "Average",
          stepAdjustment: step.steps.map((s) => ({
            metricIntervalLowerBound: s.lowerBound?.toString(),
            metricIntervalUpperBound: s.upperBound?.toString(),
            scalingAdjustment: s.adjustment,
          })),
        },
      });
      this.policies.push(policy);
      const dimensions = step.metric.dimensions ?? (step.metric.namespace === "AWS/ECS" ? { ClusterName: props.clusterName, ServiceName: serviceName } : undefined);
      this.alarms.push(
        new CloudwatchMetricAlarm(this, `alarm-${step.name}`, {
          alarmName: `${props.clusterName}-${serviceName}-${step.name}`,
          alarmDescription: `Triggers step scaling policy ${step.name} of ECS service ${serviceName}`,
          namespace: step.metric.namespace,
          metricName: step.metric.name,
          statistic: step.metric.statistic,
          dimensions,
          period: step.metric.periodSeconds,
          evaluationPeriods: step.metric.evaluationPeriods,
          comparisonOperator: step.comparison,
          threshold: step.threshold,
          alarmActions: [policy.arn],
        }),
      );
    }

    for (const action of scheduled) {
      new AppautoscalingScheduledAction(this, `schedule-${action.name}`, {
        name: `${props.clusterName}-${serviceName}-${action.name}`,
        ...targetDimension,
        schedule: action.schedule,
        timezone: action.timezone ?? "UTC",
        scalableTargetAction: {
          minCapacity: action.minCapacity?.toString(),
          maxCapacity: action.maxCapacity?.toString(),
        },
      });
    }
  }
}
