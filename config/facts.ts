/**
 * AWS facts the config schema allows values from, each stated once.
 */

/**
 * Log group retention periods, in days, as `aws_cloudwatch_log_group.retention_in_days` takes them;
 * 0 means never expire. Source: the provider's website/docs/r/cloudwatch_log_group.html.markdown
 * (hashicorp/terraform-provider-aws) and
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export type RetentionDays = (typeof RETENTION_DAYS)[number];
/** The retention periods that expire (all but 0). */
export const EXPIRING_RETENTION_DAYS = RETENTION_DAYS.filter((d): d is Exclude<RetentionDays, 0> => d !== 0);

/**
 * Ulimit names Docker and ECS task definitions accept.
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html
 */
export const ULIMIT_NAMES = ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"] as const;
export type UlimitName = (typeof ULIMIT_NAMES)[number];
