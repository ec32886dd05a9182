/** `services[].autoScaling`: Application Auto Scaling of a service's desired count. */
import {
  boolean,
  integer,
  list,
  number,
  object,
  oneOf,
  optional,
  record,
  refine,
  section,
  string,
  withDefault,
} from "../schema-dsl";
import { name } from "./common";
import { scheduleExpression } from "../validate/schedule-expression";

export const targetTrackingSchema = object({
  /** Keep the service's average CPU utilization at this percentage. */
  cpuPercent: optional(integer(1, 100)),
  /** Keep the service's average memory utilization at this percentage. */
  memoryPercent: optional(integer(1, 100)),
  /** Keep ALB requests per task at this number (needs `loadBalancer`). */
  requestsPerTarget: optional(integer(1, 1000000)),
  scaleInCooldownSeconds: withDefault(integer(0, 3600), 300),
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
  name,
  metric: object({
    namespace: withDefault(string({ maxLength: 255 }), "AWS/ECS"),
    name: string({ maxLength: 255 }),
    statistic: withDefault(oneOf(["Average", "Minimum", "Maximum", "Sum", "SampleCount"] as const), "Average"),
    /** @default - ClusterName and ServiceName of this service when the namespace is AWS/ECS, else none */
    dimensions: optional(record(string({ maxLength: 1024 }), { maxLength: 255, describe: "dimension names" })),
    periodSeconds: withDefault(oneOf([10, 30, 60, 120, 300, 600, 900, 3600] as const), 60),
    evaluationPeriods: withDefault(integer(1, 100), 3),
  }),
  comparison: oneOf(["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"] as const),
  threshold: number(-1e9, 1e9),
  adjustmentType: withDefault(oneOf(["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"] as const), "ChangeInCapacity"),
  cooldownSeconds: withDefault(integer(0, 3600), 60),
  steps: list(stepSchema, { minItems: 1, maxItems: 20 }),
});

export const scheduleSchema = object({
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
  minCapacity: optional(integer(0, 5000)),
  maxCapacity: optional(integer(0, 5000)),
});

export const serviceAutoScalingSchema = object({
  minCapacity: integer(0, 5000),
  maxCapacity: integer(1, 5000),
  targetTracking: section(targetTrackingSchema),
  stepScaling: withDefault(list(stepScalingSchema, { maxItems: 20, uniqueBy: (s) => s.name }), []),
  scheduled: withDefault(list(scheduleSchema, { maxItems: 50, uniqueBy: (s) => s.name }), []),
});
