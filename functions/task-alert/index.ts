/**
 * Alerts on abnormal ECS task exits and on container agents that stay disconnected.
 *
 * Trigger: two SQS FIFO queues (content-based deduplication, batch size 1), each fed by an
 * EventBridge rule of the cluster:
 *   - "ECS Task State Change" with lastStatus STOPPED;
 *   - "ECS Container Instance State Change" with agentConnected false, delayed by the queue for
 *     the grace period, then re-checked with DescribeContainerInstances;
 *   - "ECS Container Instance State Change" with status DRAINING or INACTIVE, checked against the
 *     host's Auto Scaling lifecycle state (DescribeAutoScalingInstances); after an alert the host
 *     gets the custom attribute LEFT_ACTIVE_MARK (PutAttributes); before alerting on a draining
 *     host the function reads its attributes now (DescribeContainerInstances), so the rest of
 *     its drain's events, even those sent before the mark was set, are not alerted again.
 * Both container instance queues carry the same detail type; the record's queue (eventSourceARN,
 * named `<prefix>-<rule id>.fifo`) says which check applies.
 * A duplicate delivery of the same event is dropped by the queue (5-minute deduplication
 * interval) and, within one warm execution environment, by its event id here.
 *
 * Environment:
 *   TOPIC_ARN                 (required) SNS topic the alerts are published to.
 *   CLUSTER_NAME              (required for agent alerts) cluster to re-check hosts in.
 *   GRACE_SECONDS             (optional, default 300) the disconnect queue's delay.
 *   CONSOLE_REGION            (optional) region used in console links; defaults to event.region.
 *   NON_ESSENTIAL_CONTAINERS  (optional) comma-separated `<family>/<container>` (or bare names).
 *   LOG_STREAMS               (optional) JSON {"<family>": ["<log group>", "<stream prefix>"]}.
 *
 * Bundled by esbuild (modules/lambda-code.ts); the AWS SDK v3 comes with the nodejs22.x runtime.
 */
import { AutoScalingClient, DescribeAutoScalingInstancesCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeContainerInstancesCommand, ECSClient, PutAttributesCommand } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { SQSEvent, SQSRecord } from "../shared/envelope";
import { parseBody } from "../shared/envelope";
import { Log, errorMessage, jsonLog } from "../shared/log";
import { withRetry } from "../shared/retry";
import { Classification, ClassifyOptions, HostInGroup, HostNow, LEFT_ACTIVE_MARK, classifyDisconnect, classifyLeftActive, classifyTask } from "./classify";
import { CONTAINER_INSTANCE_STATE_CHANGE, ContainerInstanceStateDetail, EcsEvent, TASK_STATE_CHANGE, TaskStateDetail } from "./events";
import { FormatOptions, FormattedMessage, LogStreams, formatHostAlert, formatTaskAlert } from "./format";

export * from "./classify";
export * from "./events";
export * from "./format";

export interface AlertConfig extends ClassifyOptions {
  topicArn: string;
  clusterName?: string;
  graceSeconds: number;
  consoleRegion?: string;
  logStreams: Record<string, LogStreams>;
}

export interface AlertResult {
  published: boolean;
  classification: Classification;
  subject?: string;
  duplicate?: boolean;
}

const log: Log = jsonLog("task-alert");

let clients: { ecs: ECSClient; sns: SNSClient; autoScaling: AutoScalingClient } | undefined;
function awsClients() {
  // `maxAttempts: 1`: ../shared/retry.ts is the one retry layer.
  clients ??= { ecs: new ECSClient({ maxAttempts: 1 }), sns: new SNSClient({ maxAttempts: 1 }), autoScaling: new AutoScalingClient({ maxAttempts: 1 }) };
  return clients;
}

/** The EventBridge rule (and queue) ids of modules/task-alerts.ts; a queue is `<prefix>-<id>.fifo`. */
export const ALERT_RULES = ["task-stopped", "agent-disconnected", "host-left-active"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Which rule's queue delivered the record; undefined when the ARN names none of them. */
export function ruleOfRecord(record: Partial<Pick<SQSRecord, "eventSourceARN">>): AlertRule | undefined {
  const queue = (record.eventSourceARN ?? "").split(":").pop() ?? "";
  return ALERT_RULES.find((id) => queue.endsWith(`-${id}.fifo`));
}

/** Event ids already handled by this execution environment (bounded, oldest dropped first). */
const seen = new Set<string>();
const SEEN_MAX = 1000;
export function forgetSeenEvents(): void {
  seen.clear();
}

export function parseNames(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function parseLogStreams(value: string | undefined): Record<string, LogStreams> {
  if (!value) return {};
  const raw = JSON.parse(value) as Record<string, [string, string]>;
  return Object.fromEntries(Object.entries(raw).map(([family, [group, prefix]]) => [family, { group, prefix }]));
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AlertConfig {
  const topicArn = env.TOPIC_ARN;
  if (!topicArn) throw new Error("TOPIC_ARN environment variable is required");
  return {
    topicArn,
    clusterName: env.CLUSTER_NAME || undefined,
    graceSeconds: Number(env.GRACE_SECONDS || 300),
    consoleRegion: env.CONSOLE_REGION || undefined,
    nonEssentialContainers: parseNames(env.NON_ESSENTIAL_CONTAINERS),
    logStreams: parseLogStreams(env.LOG_STREAMS),
  };
}

async function groupOf(ec2InstanceId: string): Promise<HostInGroup | undefined> {
  const out = await withRetry(() => awsClients().autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [ec2InstanceId] })));
  const i = out.AutoScalingInstances?.find((x) => x.InstanceId === ec2InstanceId);
  return i ? { autoScalingGroupName: i.AutoScalingGroupName, lifecycleState: i.LifecycleState } : undefined;
}

/** Marks the host as alerted; a failure only costs a repeated alert, so it is logged, not thrown. */
async function markAlerted(cluster: string, containerInstanceArn: string, at: Date): Promise<void> {
  try {
    await withRetry(() =>
      awsClients().ecs.send(
        new PutAttributesCommand({ cluster, attributes: [{ name: LEFT_ACTIVE_MARK, value: at.toISOString(), targetType: "container-instance", targetId: containerInstanceArn }] }),
      ),
    );
  } catch (err) {
    log({ step: "mark", containerInstanceArn, error: errorMessage(err) });
  }
}

async function describeHost(
  cluster: string,
  containerInstanceArn: string,
): Promise<(HostNow & { ec2InstanceId?: string; attributes?: { name: string; value?: string }[] }) | undefined> {
  const out = await withRetry(() => awsClients().ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [containerInstanceArn] })));
  const ci = out.containerInstances?.find((c) => c.containerInstanceArn === containerInstanceArn);
  return ci
    ? {
        status: ci.status,
        agentConnected: ci.agentConnected,
        ec2InstanceId: ci.ec2InstanceId,
        attributes: ci.attributes?.flatMap((a) => (a.name ? [{ name: a.name, value: a.value }] : [])),
      }
    : undefined;
}

/**
 * Classifies one event and publishes its alert. `rule` is the queue it came through; without it
 * (an event fed by hand) a container instance event is taken as a disconnect when agentConnected
 * is false, else as a host leaving ACTIVE.
 */
export async function processEvent(event: EcsEvent, config: AlertConfig, rule?: AlertRule, now: Date = new Date()): Promise<AlertResult> {
  const detailType = event?.["detail-type"];
  let classification: Classification;
  let formatted: FormattedMessage | undefined;
  const options: FormatOptions = { consoleRegion: config.consoleRegion, logStreams: config.logStreams };
  let afterPublish: (() => Promise<void>) | undefined;

  if (detailType === TASK_STATE_CHANGE) {
    const detail = event.detail as TaskStateDetail;
    classification = classifyTask(detail, config);
    if (classification.alert) {
      // The EC2 instance id is not in the task event; ask ECS, but alert without it if that fails.
      let ec2InstanceId: string | undefined;
      if (config.clusterName && detail.containerInstanceArn) {
        ec2InstanceId = await describeHost(config.clusterName, detail.containerInstanceArn).then(
          (h) => h?.ec2InstanceId,
          (err: unknown) => (log({ step: "describe-host", error: errorMessage(err) }), undefined),
        );
      }
      formatted = formatTaskAlert({ ...event, detail }, classification, { ...options, ec2InstanceId });
    }
  } else if (
    detailType === CONTAINER_INSTANCE_STATE_CHANGE &&
    (rule === "host-left-active" || (rule === undefined && (event.detail as ContainerInstanceStateDetail).agentConnected !== false))
  ) {
    let detail = event.detail as ContainerInstanceStateDetail;
    const cluster = config.clusterName ?? detail.clusterArn?.split("/").pop();
    // The group state is only worth asking for when the event could be an alert at all.
    const candidate = classifyLeftActive(detail, { lifecycleState: "InService" }, now).alert;
    const group = candidate && detail.ec2InstanceId ? await groupOf(detail.ec2InstanceId) : undefined;
    classification = classifyLeftActive(detail, group, now);
    if (classification.alert && detail.status === "DRAINING" && cluster && detail.containerInstanceArn) {
      // An event is a snapshot: the events of one drain sent before the first alert's mark was set
      // do not carry it. The host's attributes now do (the queue hands this function one message
      // of the group at a time), so one drain is one alert. Without an answer, the event's own.
      const live = await describeHost(cluster, detail.containerInstanceArn).catch((err: unknown) => (log({ step: "describe-host", error: errorMessage(err) }), undefined));
      if (live?.attributes) {
        detail = { ...detail, attributes: live.attributes };
        classification = classifyLeftActive(detail, group, now);
      }
    }
    if (classification.alert) {
      formatted = formatHostAlert({ ...event, detail }, classification, { ...options, hostAlert: "host-left-active" });
      // Only a DRAINING host sends more events (one per task that stops); a deregistered one is gone.
      if (cluster && detail.containerInstanceArn && detail.status === "DRAINING") {
        const arn = detail.containerInstanceArn;
        afterPublish = () => markAlerted(cluster, arn, now);
      }
    }
  } else if (detailType === CONTAINER_INSTANCE_STATE_CHANGE) {
    const detail = event.detail as ContainerInstanceStateDetail;
    const cluster = config.clusterName ?? detail.clusterArn?.split("/").pop();
    const now = cluster && detail.containerInstanceArn ? await describeHost(cluster, detail.containerInstanceArn) : undefined;
    classification = classifyDisconnect(detail, now, config.graceSeconds);
    if (classification.alert) formatted = formatHostAlert({ ...event, detail }, classification, options);
  } else {
    classification = { alert: false, reason: `unsupported detail-type ${String(detailType)}`, short: "", severity: "none", kind: "other", failedContainers: [] };
  }

  log({ step: "classify", id: event?.id, detailType, alert: classification.alert, reason: classification.reason });
  if (!formatted) return { published: false, classification };
  await withRetry(() => awsClients().sns.send(new PublishCommand({ TopicArn: config.topicArn, Subject: formatted.subject, Message: formatted.message })));
  log({ step: "publish", id: event.id, subject: formatted.subject });
  await afterPublish?.();
  return { published: true, classification, subject: formatted.subject };
}

export async function handler(event: SQSEvent): Promise<AlertResult[]> {
  const config = configFromEnv();
  const results: AlertResult[] = [];
  for (const record of event.Records ?? []) {
    const body = parseBody(record) as EcsEvent | undefined;
    if (!body) {
      log({ step: "ignore", reason: "body is not an event", messageId: record.messageId });
      continue;
    }
    if (body.id && seen.has(body.id)) {
      log({ step: "duplicate", id: body.id });
      // biome-ignore format: esbuild keeps an object literal's line breaks, so reflowing it would change the bundle and its source_code_hash
      results.push({ published: false, duplicate: true, classification: { alert: false, reason: "duplicate delivery", short: "", severity: "none", kind: "other", failedContainers: [] } });
      continue;
    }
    results.push(await processEvent(body, config, ruleOfRecord(record)));
    // Remembered only once handled: a failed attempt must be able to run again.
    if (body.id) {
      seen.add(body.id);
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string);
    }
  }
  return results;
}
