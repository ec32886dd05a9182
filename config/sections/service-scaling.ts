/** `services[].autoScaling`: Application Auto Scaling of a service's desired count. */
import { boolean, integer, list, number, object, oneOf, optional, record, refine, section, string, withDefault } from "../schema-dsl";
import { name } from "./common";
import { scheduleExpression } from "../validate/schedule-expression";

export const targetTrackingSchema = object({
  /** Keep the service's average CPU utilization at this percentage. */
  cpuPercent: optional(integer(1, 100)),
  /** Keep the service's average memory utilization at this percentage. */
  memoryPercent: optional(integer(1, 100)),
  /** Keep ALB requests per task at this number (needs `loadBalancer`). */
  requestsPerTarget: optional(integer(1, 1000000)),
  /** Seconds after a scale in before the next one. */
  scaleInCooldownSeconds: withDefault(integer(0, 3600), 300),
  /** Seconds after a scale out before the next one. */
  scaleOutCooldownSeconds: withDefault(integer(0, 3600), 60),
  /** Only ever scale out from these policies (scale in by schedule or by hand). */
  disableScaleIn: withDefault(boolean(), false),
});

export const stepSchema = object({
  /** Lower bound of the interval, relative to the threshold (inclusive). @default - minus infinity */
  lowerBound: optional(number(-1e9, 1e9)),
  /** Upper bound of the interval, relative to the threshold (exclusive). @default - infinity */
  upperBound: optional(number(-1e9, 1e9)),
  /** Tasks to add (positive) or remove (negative), or the percentage / exact count per adjustmentType. */
  adjustment: integer(-10000, 10000),
});

export const stepScalingSchema = object({
  /** Unique among the service's step scaling policies. */
  name,
  /** The CloudWatch metric of the policy's alarm. */
  metric: object({
    /** Namespace of the metric. */
    namespace: withDefault(string({ maxLength: 255 }), "AWS/ECS"),
    /** Name of the metric, like CPUUtilization. */
    name: string({ maxLength: 255 }),
    /** Statistic the alarm compares. */
    statistic: withDefault(oneOf(["Average", "Minimum", "Maximum", "Sum", "SampleCount"] as const), "Average"),
    /** @default - ClusterName and ServiceName of this service when the namespace is AWS/ECS, else none */
    dimensions: optional(record(string({ maxLength: 1024 }), { maxLength: 255, describe: "dimension names" })),
    /** Seconds per data point of the alarm. */
    periodSeconds: withDefault(oneOf([10, 30, 60, 120, 300, 600, 900, 3600] as const), 60),
    /** Data points in a row that must breach the threshold. */
    evaluationPeriods: withDefault(integer(1, 100), 3),
  }),
  /** How the statistic is compared with the threshold. */
  comparison: oneOf(["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"] as const),
  /** Value of the metric the alarm compares with. */
  threshold: number(-1e9, 1e9),
  /** What `adjustment` of a step counts: tasks, percent of tasks, or an exact count. */
  adjustmentType: withDefault(oneOf(["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"] as const), "ChangeInCapacity"),
  /** Seconds after a scaling activity before the next one. */
  cooldownSeconds: withDefault(integer(0, 3600), 60),
  /** Intervals relative to the threshold (>= 0 for Greater..., <= 0 for Less...; no gaps or overlaps), each with its adjustment. */
  steps: list(stepSchema, { minItems: 1, maxItems: 20 }),
});

export const scheduleSchema = object({
  /** Unique among the service's scheduled actions. */
  name,
  /** `cron(0 8 ? * MON-FRI *)`, `at(2025-12-24T18:00:00)` or `rate(6 hours)`. */
  schedule: refine(
    string({
      pattern: /^(cron\([^()]+\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
      maxLength: 256,
      describe: "a schedule like cron(0 8 ? * MON-FRI *), at(2025-12-24T18:00:00) or rate(6 hours)",
    }),
    scheduleExpression,
  ),
  /** IANA time zone of the schedule. */
  timezone: withDefault(string({ pattern: /^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, maxLength: 64, describe: "an IANA time zone like Asia/Tokyo or UTC" }), "UTC"),
  /** New minCapacity from the scheduled time on (set minCapacity, maxCapacity or both). */
  minCapacity: optional(integer(0, 5000)),
  /** New maxCapacity from the scheduled time on. */
  maxCapacity: optional(integer(0, 5000)),
});

export const serviceAutoScalingSchema = object({
  /** Fewest tasks; `desiredCount` must lie between minCapacity and maxCapacity. */
  minCapacity: integer(0, 5000),
  /** Most tasks. */
  maxCapacity: integer(1, 5000),
  targetTracking: section(targetTrackingSchema),
  /** Step scaling policies, one policy and one CloudWatch alarm each. */
  stepScaling: withDefault(list(stepScalingSchema, { maxItems: 20, uniqueBy: (s) => s.name }), []),
  /** Scheduled changes of minCapacity and maxCapacity. */
  scheduled: withDefault(list(scheduleSchema, { maxItems: 50, uniqueBy: (s) => s.name }), []),
});
