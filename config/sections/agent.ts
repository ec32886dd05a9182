/**
 * `capacity.agent`: ECS container agent and Docker daemon settings on the hosts, written by the
 * user data in the format of the AMI family (see modules/user-data.ts).
 *
 * Agent variables: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html
 * Cleanup minimums: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/automated_image_cleanup.html
 */
import { ULIMIT_NAMES } from "../facts";
import { Schema, boolean, integer, object, oneOf, optional, record, refine, section, string, withDefault } from "../schema-dsl";

const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Seconds in a Go-style duration like `1h30m` (h, m, s units); undefined when not one. */
export function durationSeconds(text: string): number | undefined {
  if (text === "" || !DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([hms])/g)) total += Number(amount) * UNIT_SECONDS[unit];
  return total;
}

/** A duration string of at least `minSeconds`, e.g. "1h", "30m", "1h30m". */
export function duration(minSeconds: number, minText: string): Schema<string> {
  const allowed = `a duration like "30m", "3h" or "1h30m" (units h, m, s) of at least ${minText}`;
  return refine(string({ pattern: DURATION, describe: allowed }), (value) => ((durationSeconds(value) ?? -1) >= minSeconds ? undefined : allowed));
}

export { ULIMIT_NAMES, type UlimitName } from "../facts";

export const ulimitSchema = object({
  /** Soft limit. */
  soft: integer(0, 2147483647),
  /** Hard limit (at least soft). */
  hard: integer(0, 2147483647),
});

export const dockerDaemonSchema = object({
  /** Docker daemon debug logging (`dockerd -D`). Not available on Bottlerocket (a config error there). */
  debug: withDefault(boolean(), false),
  /** Default ulimits of every container, by name: `nofile: { soft: 1024, hard: 4096 }` (dockerd `--default-ulimit`; Bottlerocket settings.oci-defaults.resource-limits). */
  defaultUlimits: withDefault(record(ulimitSchema, { pattern: new RegExp(`^(${ULIMIT_NAMES.join("|")})$`), describe: `ulimit names (${ULIMIT_NAMES.join(", ")})` }), {}),
});

export const agentSchema = object({
  /** How long a stopped task's containers are kept before removal. ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, Bottlerocket task-cleanup-wait (agent default 3h). */
  taskCleanupWaitDuration: optional(duration(60, "1m")),
  /** Time between image cleanup cycles. ECS_IMAGE_CLEANUP_INTERVAL, Bottlerocket image-cleanup-wait (agent default 30m, minimum 10m). */
  imageCleanupInterval: optional(duration(600, "10m")),
  /** Minimum age of an unused image before cleanup. ECS_IMAGE_MINIMUM_CLEANUP_AGE, Bottlerocket image-cleanup-age (agent default 1h). */
  imageMinimumCleanupAge: optional(duration(60, "1m")),
  /** Images removed per cleanup cycle. ECS_NUM_IMAGES_DELETE_PER_CYCLE, Bottlerocket image-cleanup-delete-per-cycle (agent default 5). */
  numImagesDeletePerCycle: optional(integer(1, 1000)),
  /** Turn automatic image cleanup off. ECS_DISABLE_IMAGE_CLEANUP, Bottlerocket image-cleanup-enabled (inverted). */
  disableImageCleanup: optional(boolean()),
  /** Write the container metadata file into containers. ECS_ENABLE_CONTAINER_METADATA, Bottlerocket enable-container-metadata. */
  containerMetadata: optional(boolean()),
  /** Agent log level. ECS_LOGLEVEL, Bottlerocket loglevel (agent default info). */
  logLevel: optional(oneOf(["debug", "info", "warn", "error", "crit"] as const)),
  /** Drain the instance on a Spot interruption notice. ECS_ENABLE_SPOT_INSTANCE_DRAINING, Bottlerocket enable-spot-instance-draining. */
  spotInstanceDraining: optional(boolean()),
  /** Custom attributes for placement constraints (`attribute:<name> == <value>`). ECS_INSTANCE_ATTRIBUTES, Bottlerocket settings.ecs.instance-attributes. */
  instanceAttributes: withDefault(
    record(string({ pattern: /^[A-Za-z0-9_.\-@/:]{1,128}$/, maxLength: 128, describe: "an attribute value of 1 to 128 letters, digits and _.-@/:" }), {
      pattern: /^[A-Za-z0-9_.\-@/]{1,128}$/,
      describe: "attribute names of letters, digits and _.-@/",
    }),
    {},
  ),
  docker: section(dockerDaemonSchema),
});
