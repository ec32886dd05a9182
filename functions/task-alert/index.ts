/**
 * Alerts on abnormal ECS task exits and on disconnected container agents.
 *
 * Trigger: EventBridge rules on `source = aws.ecs` with
 *   - `detail-type = "ECS Task State Change"` (ideally `detail.lastStatus = ["STOPPED"]`)
 *   - `detail-type = "ECS Container Instance State Change"`
 *
 * Environment:
 *   TOPIC_ARN                 (required) SNS topic the alerts are published to.
 *   CONSOLE_REGION            (optional) region used in console links; defaults to event.region.
 *   NON_ESSENTIAL_CONTAINERS  (optional) comma-separated containers treated as non-essential:
 *                             `<task definition family>/<container>`, or a bare container name
 *                             for every family.
 *
 * Essential-ness: the task state change event does not say which containers are
 * essential (that lives in the task definition, and reading it would need
 * ecs:DescribeTaskDefinition on every event). Every container is treated as
 * essential unless it is listed in NON_ESSENTIAL_CONTAINERS. List sidecars
 * there (log routers, proxies, ...): when the essential container exits, ECS
 * stops the others with SIGTERM/SIGKILL, which shows up as exit code 143/137.
 *
 * This file is self-contained on purpose: it is transpiled on its own and
 * zipped as `index.js`. The AWS SDK v3 client is provided by the nodejs22.x
 * Lambda runtime and is only loaded inside `handler`.
 */

// ---------------------------------------------------------------------------
// Event shapes (as documented in "Amazon ECS events"; unknown fields ignored)
// ---------------------------------------------------------------------------

export interface TaskContainer {
  containerArn?: string;
  name?: string;
  lastStatus?: string;
  exitCode?: number | null;
  reason?: string;
  image?: string;
  taskArn?: string;
}

export interface TaskStateDetail {
  clusterArn?: string;
  taskArn?: string;
  taskDefinitionArn?: string;
  containerInstanceArn?: string;
  group?: string;
  launchType?: string;
  lastStatus?: string;
  desiredStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppedAt?: string;
  startedBy?: string;
  containers?: TaskContainer[];
}

export interface ContainerInstanceStateDetail {
  clusterArn?: string;
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  agentConnected?: boolean;
  status?: string;
  statusReason?: string;
  runningTasksCount?: number;
  pendingTasksCount?: number;
  versionInfo?: { agentVersion?: string; agentHash?: string; dockerVersion?: string };
  updatedAt?: string;
}

export interface EcsEvent {
  version?: string;
  id?: string;
  "detail-type"?: string;
  source?: string;
  account?: string;
  time?: string;
  region?: string;
  resources?: string[];
  detail?: TaskStateDetail | ContainerInstanceStateDetail;
}

export const TASK_STATE_CHANGE = "ECS Task State Change";
export const CONTAINER_INSTANCE_STATE_CHANGE = "ECS Container Instance State Change";

// ---------------------------------------------------------------------------
// Classification (pure)
// ---------------------------------------------------------------------------

export type Severity = "high" | "medium" | "low" | "none";

export interface FailedContainer {
  name: string;
  exitCode?: number | null;
  reason?: string;
}

export interface Classification {
  alert: boolean;
  /** Short human-readable reason, ASCII. */
  reason: string;
  severity: Severity;
  kind: "task" | "container-instance" | "other";
  /** Containers that caused the alert (task events only). */
  failedContainers: FailedContainer[];
}

export interface ClassifyOptions {
  /** Container names that are not essential; their exit codes are ignored. */
  nonEssentialContainers?: string[];
}

const OOM_PATTERN = /OutOfMemory|\bOOM/i;
/** Normal service-scheduler stops: deployments, service scale-in, instance draining. */
const NORMAL_SCHEDULER_REASONS = [/^Scaling activity initiated by/i, /scale-in/i, /drain/i];

function isNormalSchedulerReason(reason: string | undefined): boolean {
  return !!reason && NORMAL_SCHEDULER_REASONS.some((re) => re.test(reason));
}

function noAlert(kind: Classification["kind"], reason: string): Classification {
  return { alert: false, reason, severity: "none", kind, failedContainers: [] };
}

function toFailed(c: TaskContainer): FailedContainer {
  return { name: c.name ?? "(unnamed)", exitCode: c.exitCode, reason: c.reason };
}

/**
 * Decides whether an event deserves an alert.
 *
 * Task State Change (only lastStatus = STOPPED is considered):
 *   - any container reason mentioning OutOfMemoryError / OOM       -> alert (high)
 *   - stopCode TaskFailedToStart                                   -> alert (high)
 *   - stopCode UserInitiated                                       -> no alert
 *   - stopCode ServiceSchedulerInitiated for a deployment, scale-in
 *     or instance drain ("Scaling activity initiated by ...")      -> no alert
 *     any other scheduler stop (e.g. failed ELB/container health
 *     checks)                                                      -> alert (medium)
 *   - stopCode SpotInterruption / TerminationNotice                -> no alert: capacity was
 *     reclaimed and the service scheduler replaces the task; this is expected on Spot
 *     capacity and alerting on it would be noise (the reason is still logged).
 *   - stopCode EssentialContainerExited (or missing): alert (high) when an essential
 *     container has a non-zero exit code (or stopped without an exit code but with a
 *     reason); all exit codes 0 is a normal completion -> no alert
 *   - any other / unknown stopCode                                 -> alert (medium)
 *
 * Container Instance State Change:
 *   - status ACTIVE and agentConnected false                       -> alert (medium)
 *     (the agent also reconnects routinely several times per hour; pair the rule
 *     with this classification and expect occasional short disconnect alerts)
 */
export function classify(event: EcsEvent, options: ClassifyOptions = {}): Classification {
  const detailType = event?.["detail-type"];
  if (detailType === CONTAINER_INSTANCE_STATE_CHANGE) {
    const d = (event.detail ?? {}) as ContainerInstanceStateDetail;
    if (d.agentConnected === false && d.status === "ACTIVE") {
      return { alert: true, reason: "ECS agent disconnected on an ACTIVE container instance", severity: "medium", kind: "container-instance", failedContainers: [] };
    }
    return noAlert("container-instance", `agentConnected=${String(d.agentConnected)} status=${d.status ?? "unknown"}`);
  }
  if (detailType !== TASK_STATE_CHANGE) return noAlert("other", `unsupported detail-type ${String(detailType)}`);

  const d = (event.detail ?? {}) as TaskStateDetail;
  if (d.lastStatus !== "STOPPED") return noAlert("task", `lastStatus is ${d.lastStatus ?? "unknown"}, not STOPPED`);

  const containers = d.containers ?? [];
  const listed = new Set((options.nonEssentialContainers ?? []).map((n) => n.trim()).filter((n) => n.length > 0));
  // `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>` → family
  const family = /task-definition\/([^:/]+)/.exec(d.taskDefinitionArn ?? "")?.[1];
  const nonEssential = { has: (container: string) => listed.has(container) || (family !== undefined && listed.has(`${family}/${container}`)) };
  const stopCode = d.stopCode;
  const stoppedReason = d.stoppedReason;

  const oom = containers.filter((c) => OOM_PATTERN.test(c.reason ?? ""));
  if (oom.length > 0) {
    return { alert: true, reason: `container ${oom.map((c) => c.name).join(", ")} ran out of memory`, severity: "high", kind: "task", failedContainers: oom.map(toFailed) };
  }

  const failedEssential = containers.filter(
    (c) => !nonEssential.has(c.name ?? "") && (typeof c.exitCode === "number" ? c.exitCode !== 0 : !!c.reason),
  );
  const exitAlert = (): Classification => ({
    alert: true,
    reason: failedEssential
      .map((c) => (typeof c.exitCode === "number" ? `container ${c.name} exited with code ${c.exitCode}` : `container ${c.name} stopped: ${c.reason}`))
      .join("; "),
    severity: "high",
    kind: "task",
    failedContainers: failedEssential.map(toFailed),
  });

  switch (stopCode) {
    case "TaskFailedToStart":
      return { alert: true, reason: `task failed to start: ${stoppedReason ?? "no reason given"}`, severity: "high", kind: "task", failedContainers: containers.filter((c) => !!c.reason).map(toFailed) };
    case "UserInitiated":
      return noAlert("task", "stopped by a user");
    case "ServiceSchedulerInitiated":
      if (isNormalSchedulerReason(stoppedReason)) return noAlert("task", `normal scheduler stop: ${stoppedReason}`);
      return { alert: true, reason: `stopped by the service scheduler: ${stoppedReason ?? "no reason given"}`, severity: "medium", kind: "task", failedContainers: failedEssential.map(toFailed) };
    case "SpotInterruption":
    case "TerminationNotice":
      return noAlert("task", `capacity reclaimed (${stopCode})`);
    case "EssentialContainerExited":
      return failedEssential.length > 0 ? exitAlert() : noAlert("task", "all essential containers exited with code 0");
    case undefined:
      if (failedEssential.length > 0) return exitAlert();
      if (isNormalSchedulerReason(stoppedReason)) return noAlert("task", `normal scheduler stop: ${stoppedReason}`);
      if (!stoppedReason || /Essential container in task exited/i.test(stoppedReason)) return noAlert("task", "all essential containers exited with code 0");
      return { alert: true, reason: `task stopped: ${stoppedReason}`, severity: "medium", kind: "task", failedContainers: [] };
    default:
      return { alert: true, reason: `task stopped with stop code ${stopCode}: ${stoppedReason ?? "no reason given"}`, severity: "medium", kind: "task", failedContainers: failedEssential.map(toFailed) };
  }
}

// ---------------------------------------------------------------------------
// Message formatting (pure)
// ---------------------------------------------------------------------------

export interface FormatOptions {
  /** Region used in console links; defaults to event.region, then the ARN's region. */
  consoleRegion?: string;
}

export interface FormattedMessage {
  subject: string;
  message: string;
}

export const SUBJECT_MAX = 100;

/** Last path segment of an ARN ("arn:...:cluster/name" -> "name"; task ARNs -> task id). */
export function arnName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const idx = arn.lastIndexOf("/");
  return idx >= 0 ? arn.slice(idx + 1) : arn.split(":").pop();
}

function arnRegion(arn: string | undefined): string | undefined {
  const parts = arn?.split(":");
  return parts && parts.length > 3 && parts[3] ? parts[3] : undefined;
}

/** SNS subjects: ASCII printable, no line breaks, at most 100 characters. */
export function sanitizeSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, "?").replace(/\s+/g, " ").trim();
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

export function consoleTaskUrl(region: string, cluster: string, taskId: string): string {
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(taskId)}/configuration?region=${region}`;
}

export function formatMessage(event: EcsEvent, classification: Classification, options: FormatOptions = {}): FormattedMessage {
  const detail = (event.detail ?? {}) as TaskStateDetail & ContainerInstanceStateDetail;
  const cluster = arnName(detail.clusterArn) ?? "unknown-cluster";
  const region = options.consoleRegion || event.region || arnRegion(detail.clusterArn) || "us-east-1";
  const severity = classification.severity.toUpperCase();

  if (classification.kind === "container-instance") {
    const instance = detail.ec2InstanceId ?? arnName(detail.containerInstanceArn) ?? "unknown-instance";
    const lines = [
      `ECS container agent disconnected (${severity})`,
      "",
      `Cluster:            ${cluster}`,
      `EC2 instance:       ${instance}`,
      `Container instance: ${detail.containerInstanceArn ?? "-"}`,
      `Status:             ${detail.status ?? "-"}${detail.statusReason ? ` (${detail.statusReason})` : ""}`,
      `Agent connected:    ${String(detail.agentConnected)}`,
      `Agent version:      ${detail.versionInfo?.agentVersion ?? "-"}`,
      `Reason:             ${classification.reason}`,
      `Event time:         ${event.time ?? "-"}`,
      "",
      `Console: https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/infrastructure?region=${region}`,
    ];
    return { subject: sanitizeSubject(`[ECS ${severity}] ${cluster}: agent disconnected on ${instance}`), message: lines.join("\n") };
  }

  const taskId = arnName(detail.taskArn) ?? "unknown-task";
  const service = detail.group?.startsWith("service:") ? detail.group.slice("service:".length) : undefined;
  const taskDef = arnName(detail.taskDefinitionArn) ?? "-";
  const containerLines = (detail.containers ?? []).map((c) => {
    const exit = c.exitCode === undefined || c.exitCode === null ? "none" : String(c.exitCode);
    return `  - ${c.name ?? "(unnamed)"}: exit code ${exit}, status ${c.lastStatus ?? "-"}${c.reason ? `, reason: ${c.reason}` : ""}`;
  });
  const lines = [
    `ECS task stopped abnormally (${severity})`,
    "",
    `Cluster:         ${cluster}`,
    `Service:         ${service ?? `- (group ${detail.group ?? "-"})`}`,
    `Task:            ${taskId}`,
    `Task definition: ${taskDef}`,
    `Stop code:       ${detail.stopCode ?? "-"}`,
    `Stopped reason:  ${detail.stoppedReason ?? "-"}`,
    `Stopped at:      ${detail.stoppedAt ?? event.time ?? "-"}`,
    `Alert reason:    ${classification.reason}`,
    "",
    "Containers:",
    ...(containerLines.length > 0 ? containerLines : ["  (none reported)"]),
    "",
    `Console: ${consoleTaskUrl(region, cluster, taskId)}`,
  ];
  const subject = sanitizeSubject(`[ECS ${severity}] ${cluster}/${service ?? taskDef}: ${classification.reason}`);
  return { subject, message: lines.join("\n") };
}

// ---------------------------------------------------------------------------
// Core with an injected SNS client
// ---------------------------------------------------------------------------

export interface PublishInput {
  TopicArn: string;
  Subject: string;
  Message: string;
}

export interface AlertSnsClient {
  publish(input: PublishInput): Promise<{ MessageId?: string }>;
}

export interface AlertConfig extends ClassifyOptions, FormatOptions {
  topicArn: string;
}

export interface AlertResult {
  published: boolean;
  classification: Classification;
  messageId?: string;
  subject?: string;
}

function log(entry: Record<string, unknown>): void {
  console.log(JSON.stringify({ fn: "task-alert", ...entry }));
}

export async function processEvent(event: EcsEvent, deps: { sns: AlertSnsClient; log?: (entry: Record<string, unknown>) => void }, config: AlertConfig): Promise<AlertResult> {
  const write = deps.log ?? log;
  const classification = classify(event, config);
  const detail = (event?.detail ?? {}) as TaskStateDetail & ContainerInstanceStateDetail;
  write({ step: "classify", detailType: event?.["detail-type"], taskArn: detail.taskArn, containerInstanceArn: detail.containerInstanceArn, ...classification });
  if (!classification.alert) return { published: false, classification };

  const { subject, message } = formatMessage(event, classification, config);
  const out = await deps.sns.publish({ TopicArn: config.topicArn, Subject: subject, Message: message });
  write({ step: "publish", subject, messageId: out.MessageId });
  return { published: true, classification, messageId: out.MessageId, subject };
}

// ---------------------------------------------------------------------------
// Lambda entry point: real SNS client, created lazily and reused.
// ---------------------------------------------------------------------------

let cachedSns: AlertSnsClient | undefined;

function realSns(): AlertSnsClient {
  if (cachedSns) return cachedSns;
  const sdk: typeof import("@aws-sdk/client-sns") = require("@aws-sdk/client-sns");
  const client = new sdk.SNSClient({});
  cachedSns = { publish: (input) => client.send(new sdk.PublishCommand(input)) };
  return cachedSns;
}

export function parseNames(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

export async function handler(event: EcsEvent): Promise<AlertResult> {
  const topicArn = process.env.TOPIC_ARN;
  if (!topicArn) throw new Error("TOPIC_ARN environment variable is required");
  const config: AlertConfig = {
    topicArn,
    consoleRegion: process.env.CONSOLE_REGION || undefined,
    nonEssentialContainers: parseNames(process.env.NON_ESSENTIAL_CONTAINERS),
  };
  // The SDK is loaded on the first publish only: non-alerting events never load it.
  const sns: AlertSnsClient = { publish: (input) => realSns().publish(input) };
  return processEvent(event, { sns }, config);
}
