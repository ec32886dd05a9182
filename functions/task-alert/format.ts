/**
 * Alert text an on-call engineer can act on: the subject starts with the service and a short
 * reason and is never cut inside the reason; the body says each fact once, with the host, the
 * image, an exit-code hint and a link to each container's log stream.
 */
import { Classification } from "./classify";
import { ContainerInstanceStateDetail, TaskContainer, TaskStateDetail, arnName, familyOf } from "./events";

/** SNS: subjects "must be ... less than 100 characters long" (SNS API reference, Publish). */
export const SUBJECT_MAX = 99;

/** awslogs settings of one task definition family: streams are `<prefix>/<container>/<task id>`. */
export interface LogStreams {
  readonly group: string;
  readonly prefix: string;
}

export interface FormatOptions {
  /** Region for console links; defaults to the event's region. */
  consoleRegion?: string;
  /** awslogs group and stream prefix per task definition family. */
  logStreams?: Record<string, LogStreams>;
  /** EC2 instance id of the task's container instance, when known. */
  ec2InstanceId?: string;
  /** Which host alert a container instance event is formatted as. @default "agent-disconnected" */
  hostAlert?: "agent-disconnected" | "host-left-active";
}

export interface FormattedMessage {
  subject: string;
  message: string;
}

/** Why a container exits with this code (128 + signal number for signals). */
export function exitCodeHint(code: number | null | undefined): string | undefined {
  switch (code) {
    case 137:
      return "SIGKILL: killed, by the kernel for using too much memory or by Docker after stopTimeout when it ignored SIGTERM";
    case 143:
      return "SIGTERM: asked to stop (deployment, scale-in, or another essential container exited) and stopped";
    case 139:
      return "SIGSEGV: segmentation fault in the process";
    case 134:
      return "SIGABRT: the process aborted itself";
    case 127:
      return "command not found in the image";
    case 126:
      return "command found but not executable";
    case 1:
      return "the application exited with an error: see its log";
    default:
      return undefined;
  }
}

/** Only printable ASCII on one line. */
function ascii(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/[^\x20-\x7E]/g, "?")
    .trim();
}

/**
 * `<who>: <short reason> (<context>)`, at most SUBJECT_MAX characters: the context goes first, then
 * `who` is shortened; the reason is kept whole (classify keeps it short).
 */
export function subjectLine(who: string, short: string, context?: string): string {
  const reason = ascii(short);
  const name = ascii(who);
  const full = `${name}: ${reason}${context ? ` (${ascii(context)})` : ""}`;
  if (full.length <= SUBJECT_MAX) return full;
  const bare = `${name}: ${reason}`;
  if (bare.length <= SUBJECT_MAX) return bare;
  const room = Math.max(1, SUBJECT_MAX - reason.length - 4);
  return `${name.slice(0, room)}..: ${reason}`.slice(0, SUBJECT_MAX);
}

/**
 * Where the AWS Management Console of the region's partition is: `<region>.console.aws.amazon.com`
 * in the standard partition (https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html),
 * `console.amazonaws.cn` in China and `console.amazonaws-us-gov.com` in GovCloud (US); undefined
 * for the isolated partitions, whose consoles are not on the internet (no link then).
 */
export function consoleOrigin(region: string): string | undefined {
  if (/^cn-/.test(region)) return "https://console.amazonaws.cn";
  if (/^us-gov-/.test(region)) return "https://console.amazonaws-us-gov.com";
  if (/^[a-z]{2}-[a-z]+-\d+$/.test(region)) return `https://${region}.console.aws.amazon.com`;
  return undefined;
}

/** CloudWatch console link to one log stream (the console escapes `/` as `$252F` in the fragment). */
export function logStreamUrl(region: string, group: string, stream: string): string | undefined {
  const origin = consoleOrigin(region);
  const enc = (s: string) => encodeURIComponent(encodeURIComponent(s)).replace(/%/g, "$");
  return origin && `${origin}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${enc(group)}/log-events/${enc(stream)}`;
}

export function consoleTaskUrl(region: string, cluster: string, taskId: string): string | undefined {
  const origin = consoleOrigin(region);
  return origin && `${origin}/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(taskId)}/configuration?region=${region}`;
}

function clusterHostsUrl(region: string, cluster: string): string | undefined {
  const origin = consoleOrigin(region);
  return origin && `${origin}/ecs/v2/clusters/${encodeURIComponent(cluster)}/infrastructure?region=${region}`;
}

function containerLines(c: TaskContainer, region: string, taskId: string, logs: LogStreams | undefined): string[] {
  const exit = typeof c.exitCode === "number" ? String(c.exitCode) : "none";
  const hint = exitCodeHint(c.exitCode);
  const lines = [`  - ${c.name ?? "(unnamed)"}: exit code ${exit}${hint ? ` (${hint})` : ""}`];
  if (c.reason) lines.push(`    reason: ${c.reason}`);
  if (c.image) lines.push(`    image:  ${c.image}${c.imageDigest ? `@${c.imageDigest}` : ""}`);
  const link = logs && c.name ? logStreamUrl(region, logs.group, `${logs.prefix}/${c.name}/${taskId}`) : undefined;
  if (logs && c.name) lines.push(`    logs:   ${link ?? `${logs.group}, stream ${logs.prefix}/${c.name}/${taskId}`}`);
  return lines;
}

export function formatTaskAlert(event: { region?: string; time?: string; detail: TaskStateDetail }, c: Classification, options: FormatOptions = {}): FormattedMessage {
  const d = event.detail;
  const cluster = arnName(d.clusterArn) ?? "unknown-cluster";
  const region = options.consoleRegion || event.region || d.clusterArn?.split(":")[3] || "us-east-1";
  const taskId = arnName(d.taskArn) ?? "unknown-task";
  const family = familyOf(d.taskDefinitionArn);
  const service = d.group?.startsWith("service:") ? d.group.slice("service:".length) : undefined;
  const logs = family ? options.logStreams?.[family] : undefined;
  // Failed containers first: they are why the alert exists.
  const failed = new Set(c.failedContainers.map((f) => f.name));
  const containers = [...(d.containers ?? [])].sort((a, b) => Number(failed.has(b.name ?? "")) - Number(failed.has(a.name ?? "")));
  const host = [
    d.containerInstanceArn ? `container instance ${arnName(d.containerInstanceArn)}` : undefined,
    options.ec2InstanceId ? `EC2 instance ${options.ec2InstanceId}` : undefined,
  ].filter(Boolean);
  const ecsReason = d.stoppedReason && !c.reason.includes(d.stoppedReason) ? d.stoppedReason : undefined;
  const taskUrl = consoleTaskUrl(region, cluster, taskId);
  const lines = [
    `${service ? `Service ${service}` : `Task ${family ?? taskId}`} in cluster ${cluster}: ${c.reason}.`,
    "",
    `Task:       ${taskId} (${arnName(d.taskDefinitionArn) ?? "-"})`,
    `Stopped:    ${d.stoppedAt ?? event.time ?? "-"}, stop code ${d.stopCode ?? "-"}${ecsReason ? `, "${ecsReason}"` : ""}`,
    `Host:       ${host.length > 0 ? host.join(", ") : "-"}`,
    `Severity:   ${c.severity}`,
    "",
    "Containers:",
    ...(containers.length > 0 ? containers.flatMap((ct) => containerLines(ct, region, taskId, logs)) : ["  (none reported)"]),
    "",
    ...(taskUrl ? [`Task in the console: ${taskUrl}`] : []),
  ];
  return { subject: subjectLine(service ?? family ?? taskId, c.short, cluster), message: lines.join("\n") };
}

export function formatHostAlert(event: { region?: string; time?: string; detail: ContainerInstanceStateDetail }, c: Classification, options: FormatOptions = {}): FormattedMessage {
  const d = event.detail;
  const cluster = arnName(d.clusterArn) ?? "unknown-cluster";
  const region = options.consoleRegion || event.region || d.clusterArn?.split(":")[3] || "us-east-1";
  const instance = d.ec2InstanceId ?? arnName(d.containerInstanceArn) ?? "unknown-instance";
  const disconnected = (options.hostAlert ?? "agent-disconnected") === "agent-disconnected";
  const facts = disconnected
    ? [
        `Disconnected at:    ${d.updatedAt ?? event.time ?? "-"} (agent ${d.versionInfo?.agentVersion ?? "version unknown"})`,
        `Tasks then:         ${d.runningTasksCount ?? "?"} running, ${d.pendingTasksCount ?? "?"} pending`,
        "",
        "What to do: connect to the host (Session Manager) and check `systemctl status ecs` and /var/log/ecs/ecs-agent.log;",
        "if it does not recover, set the instance to DRAINING or terminate it so its tasks move.",
      ]
    : [
        `Status:             ${d.status ?? "-"} since ${d.updatedAt ?? event.time ?? "-"}${d.statusReason ? ` (${d.statusReason})` : ""}`,
        `Tasks then:         ${d.runningTasksCount ?? "?"} running, ${d.pendingTasksCount ?? "?"} pending`,
        "",
        "What to do: if the host is to go, terminate it through its group so a replacement is launched",
        "(aws autoscaling terminate-instance-in-auto-scaling-group --no-should-decrement-desired-capacity),",
        "or take it out first with aws autoscaling enter-standby; if it was drained by mistake, set it back",
        "to ACTIVE (aws ecs update-container-instances-state --status ACTIVE).",
      ];
  const hostsUrl = clusterHostsUrl(region, cluster);
  const lines = [
    `Cluster ${cluster}, EC2 instance ${instance}: ${c.reason}.`,
    "",
    `Container instance: ${d.containerInstanceArn ?? "-"}`,
    ...facts,
    "",
    ...(hostsUrl ? [`Cluster hosts in the console: ${hostsUrl}`] : []),
  ];
  return { subject: subjectLine(`${cluster} ${instance}`, c.short), message: lines.join("\n") };
}
