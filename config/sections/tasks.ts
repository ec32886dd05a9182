/**
 * `tasks[]`: one-off and scheduled ECS tasks. A task either reuses a service's task definition
 * (`fromService`, with per-container overrides) or has its own `containers`. With a `schedule`,
 * EventBridge Scheduler runs it; without, the stack outputs a ready `aws ecs run-task` command.
 */
import { integer, list, object, oneOf, optional, record, refine, string, withDefault } from "../schema-dsl";
import { scheduleExpression } from "../validate/schedule-expression";
import { name } from "./common";
import { RETENTION_DAYS } from "./alerts";
import { containerSchema } from "./service";

export const containerOverrideSchema = object({
  /** Replaces the container's command. */
  command: optional(list(string({ maxLength: 4096 }), { maxItems: 100 })),
  /** Added to (or replacing same-named) environment variables of the container. */
  environment: withDefault(record(string({ minLength: 0, maxLength: 8192 }), { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, describe: "environment variable names" }), {}),
});

export const taskSchema = object({
  /** Unique among tasks and different from every service name. */
  name,
  /**
   * EventBridge Scheduler expression: `cron(0 3 * * ? *)`, `rate(1 hour)` or `at(2030-01-01T09:00:00)`.
   * @default - no schedule: a one-off task, run with the command in the stack outputs
   */
  schedule: optional(
    refine(
      string({
        pattern: /^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/,
        maxLength: 256,
        describe: 'a schedule expression like "cron(0 3 * * ? *)", "rate(1 hour)" or "at(2030-01-01T09:00:00)"',
      }),
      scheduleExpression,
    ),
  ),
  /** IANA time zone of cron() and at() expressions. */
  timezone: withDefault(string({ pattern: /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, maxLength: 64, describe: "an IANA time zone like Asia/Tokyo or UTC" }), "UTC"),
  /** Name of a service whose task definition the task runs. */
  fromService: optional(name),
  /** The task's own containers (instead of `fromService`). */
  containers: optional(list(containerSchema, { minItems: 1, maxItems: 10, uniqueBy: (c) => c.name })),
  /** Overrides by container name (command, extra environment). */
  overrides: withDefault(record(containerOverrideSchema, { pattern: /^[a-z][a-z0-9-]*$/, describe: "container names" }), {}),
  /** Tasks started per run. */
  count: withDefault(integer(1, 10), 1),
  /** Task size of a task with its own containers; optional on EC2. */
  cpu: optional(integer(128, 196608)),
  memory: optional(integer(128, 1048576)),
  /** Log retention of a task with its own containers (its log group is /ecs/<cluster>/task-<name>). */
  logRetentionInDays: withDefault(oneOf(RETENTION_DAYS), 30),
});
