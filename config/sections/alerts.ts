/**
 * `alerts`: notifications on abnormal task exits and disconnected container agents, through
 * EventBridge → a Lambda function (functions/task-alert) → an SNS topic. Left out: no alerting.
 */
import { boolean, integer, list, object, oneOf, optional, record, string, withDefault } from "../schema-dsl";
import { arn, name } from "./common";
import { RETENTION_DAYS } from "../facts";

export { RETENTION_DAYS } from "../facts";

export const alertsSchema = object({
  /** E-mail addresses subscribed to the topic (each must confirm the subscription mail). */
  email: withDefault(
    list(string({ pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, maxLength: 254, describe: "an e-mail address like ops@example.com" }), {
      maxItems: 20,
      uniqueBy: (e) => e.toLowerCase(),
      uniqueKey: "address",
    }),
    [],
  ),
  /**
   * Sidecar containers whose exit alone is not an alert, by service or task name. Containers with
   * `essential: false` are added automatically.
   */
  nonEssentialContainers: withDefault(record(list(name, { maxItems: 10 }), { pattern: /^[a-z][a-z0-9-]*$/, describe: "service or task names" }), {}),
  /** Alert when a task stops abnormally (non-zero exit, OOM, failed health check...). */
  taskStopped: withDefault(boolean(), true),
  /**
   * Alert when a host's container agent stays disconnected for agentDisconnectedGraceSeconds. AWS:
   * the agent "disconnects and reconnects several times per hour as a part of its normal operation".
   */
  agentDisconnected: withDefault(boolean(), true),
  /**
   * Alert when a host leaves ACTIVE (set to DRAINING, or deregistered from ECS) while its Auto
   * Scaling group still has it InService: capacity the group counts and ECS cannot use, which
   * nothing replaces. Scale-in, instance refresh, the drain hook and managed draining are no alert.
   */
  hostLeftActive: withDefault(boolean(), true),
  /** Seconds a disconnected agent has to reconnect before it is an alert (an SQS delay: at most 900). Default 300. */
  agentDisconnectedGraceSeconds: withDefault(integer(60, 900), 300),
  /** Customer managed KMS key for the topic. @default - the AWS managed key alias/aws/sns */
  topicKmsKeyArn: optional(arn("kms")),
  /** Retention of the alert function's own log group. */
  logRetentionInDays: withDefault(oneOf(RETENTION_DAYS), 30),
});
