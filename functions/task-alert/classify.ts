/**
 * Which ECS events deserve an alert (pure functions; the verdicts are listed in docs/operations.md).
 */
import { ContainerInstanceStateDetail, TaskContainer, TaskStateDetail, familyOf } from "./events";

export type Severity = "high" | "medium" | "none";

export interface FailedContainer {
  name: string;
  exitCode?: number | null;
  reason?: string;
}

export interface Classification {
  alert: boolean;
  /** One sentence for the message body, ASCII. */
  reason: string;
  /** A few words for the subject ("OOM-killed", "exited 1"), never cut. */
  short: string;
  severity: Severity;
  kind: "task" | "container-instance" | "other";
  /** Containers that caused the alert (task events only). */
  failedContainers: FailedContainer[];
}

export interface ClassifyOptions {
  /**
   * Containers whose exit alone is no alert: `<task definition family>/<container>`, or a bare
   * container name for every family.
   */
  nonEssentialContainers?: string[];
}

const OOM_PATTERN = /OutOfMemory|\bOOM/i;
/** Normal service-scheduler stops: deployments, service scale-in, instance draining. */
const NORMAL_SCHEDULER_REASONS = [/^Scaling activity initiated by/i, /scale-in/i, /drain/i];

function isNormalSchedulerReason(reason: string | undefined): boolean {
  return !!reason && NORMAL_SCHEDULER_REASONS.some((re) => re.test(reason));
}

function noAlert(kind: Classification["kind"], reason: string): Classification {
  return { alert: false, reason, short: "", severity: "none", kind, failedContainers: [] };
}

function toFailed(c: TaskContainer): FailedContainer {
  return { name: c.name ?? "(unnamed)", exitCode: c.exitCode, reason: c.reason };
}

/** Container names in subjects stay short, so the reason after them is never cut. */
function shortName(name: string | undefined): string {
  const n = name ?? "container";
  return n.length <= 24 ? n : `${n.slice(0, 22)}..`;
}

function schedulerShort(stoppedReason: string | undefined): string {
  if (/ELB health checks/i.test(stoppedReason ?? "")) return "failed ELB health checks";
  if (/container health checks|unhealthy/i.test(stoppedReason ?? "")) return "failed container health checks";
  return "stopped by the service scheduler";
}

/**
 * Task State Change (only lastStatus = STOPPED is considered):
 *   - a container reason mentioning OutOfMemoryError / OOM         -> alert (high)
 *   - stopCode TaskFailedToStart                                   -> alert (high)
 *   - stopCode UserInitiated                                       -> no alert
 *   - stopCode ServiceSchedulerInitiated for a deployment, scale-in
 *     or instance drain ("Scaling activity initiated by ...")      -> no alert;
 *     any other scheduler stop (failed ELB / container health checks) -> alert (medium)
 *   - stopCode SpotInterruption / TerminationNotice                -> no alert (capacity reclaimed,
 *     the service scheduler replaces the task)
 *   - stopCode EssentialContainerExited (or missing): alert (high) when an essential container has
 *     a non-zero exit code (or stopped without one but with a reason); all 0 -> no alert
 *   - any other / unknown stopCode                                 -> alert (medium)
 */
export function classifyTask(d: TaskStateDetail, options: ClassifyOptions = {}): Classification {
  if (d.lastStatus !== "STOPPED") return noAlert("task", `lastStatus is ${d.lastStatus ?? "unknown"}, not STOPPED`);

  const containers = d.containers ?? [];
  const listed = new Set((options.nonEssentialContainers ?? []).map((n) => n.trim()).filter((n) => n.length > 0));
  const family = familyOf(d.taskDefinitionArn);
  const nonEssential = (container: string) => listed.has(container) || (family !== undefined && listed.has(`${family}/${container}`));
  const stopCode = d.stopCode;
  const stoppedReason = d.stoppedReason;

  const oom = containers.filter((c) => OOM_PATTERN.test(c.reason ?? ""));
  if (oom.length > 0) {
    return {
      alert: true,
      reason: `container ${oom.map((c) => c.name).join(", ")} ran out of memory`,
      short: `${shortName(oom[0].name)} OOM-killed`,
      severity: "high",
      kind: "task",
      failedContainers: oom.map(toFailed),
    };
  }

  const failedEssential = containers.filter((c) => !nonEssential(c.name ?? "") && (typeof c.exitCode === "number" ? c.exitCode !== 0 : !!c.reason));
  const exitAlert = (): Classification => {
    const first = failedEssential[0];
    return {
      alert: true,
      reason: failedEssential
        .map((c) => (typeof c.exitCode === "number" ? `container ${c.name} exited with code ${c.exitCode}` : `container ${c.name} stopped: ${c.reason}`))
        .join("; "),
      short: typeof first.exitCode === "number" ? `${shortName(first.name)} exited ${first.exitCode}` : `${shortName(first.name)} stopped`,
      severity: "high",
      kind: "task",
      failedContainers: failedEssential.map(toFailed),
    };
  };

  switch (stopCode) {
    case "TaskFailedToStart":
      return {
        alert: true,
        reason: `task failed to start: ${stoppedReason ?? "no reason given"}`,
        short: "failed to start",
        severity: "high",
        kind: "task",
        failedContainers: containers.filter((c) => !!c.reason).map(toFailed),
      };
    case "UserInitiated":
      return noAlert("task", "stopped by a user");
    case "ServiceSchedulerInitiated":
      if (isNormalSchedulerReason(stoppedReason)) return noAlert("task", `normal scheduler stop: ${stoppedReason}`);
      return {
        alert: true,
        reason: `stopped by the service scheduler: ${stoppedReason ?? "no reason given"}`,
        short: schedulerShort(stoppedReason),
        severity: "medium",
        kind: "task",
        failedContainers: failedEssential.map(toFailed),
      };
    case "SpotInterruption":
    case "TerminationNotice":
      return noAlert("task", `capacity reclaimed (${stopCode})`);
    case "EssentialContainerExited":
      return failedEssential.length > 0 ? exitAlert() : noAlert("task", "all essential containers exited with code 0");
    case undefined:
      if (failedEssential.length > 0) return exitAlert();
      if (isNormalSchedulerReason(stoppedReason)) return noAlert("task", `normal scheduler stop: ${stoppedReason}`);
      if (!stoppedReason || /Essential container in task exited/i.test(stoppedReason)) return noAlert("task", "all essential containers exited with code 0");
      return { alert: true, reason: `task stopped: ${stoppedReason}`, short: "stopped", severity: "medium", kind: "task", failedContainers: [] };
    default:
      return {
        alert: true,
        reason: `task stopped with stop code ${stopCode}: ${stoppedReason ?? "no reason given"}`,
        short: `stopped (${stopCode.slice(0, 30)})`,
        severity: "medium",
        kind: "task",
        failedContainers: failedEssential.map(toFailed),
      };
  }
}

/** What DescribeContainerInstances says about the host now; undefined when ECS no longer knows it. */
export interface HostNow {
  status?: string;
  agentConnected?: boolean;
}

/**
 * A disconnected agent, re-checked after the grace period. AWS: the agent "disconnects and
 * reconnects several times per hour as a part of its normal operation"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html), so the event
 * alone is no alert. After the grace period:
 *   - ECS no longer knows the host, or it is INACTIVE / DEREGISTERING  -> no alert (host went away)
 *   - the agent is connected again                                     -> no alert
 *   - still disconnected (ACTIVE or DRAINING)                          -> alert (medium): ECS cannot
 *     place, stop or report tasks on that host
 */
export function classifyDisconnect(event: ContainerInstanceStateDetail, now: HostNow | undefined, graceSeconds: number): Classification {
  if (event.agentConnected !== false) return noAlert("container-instance", `agentConnected=${String(event.agentConnected)}`);
  if (!now) return noAlert("container-instance", "the container instance is gone (deregistered)");
  if (now.status === "INACTIVE" || now.status === "DEREGISTERING") return noAlert("container-instance", `the container instance is ${now.status}`);
  if (now.agentConnected !== false) return noAlert("container-instance", `the agent reconnected within ${graceSeconds} s`);
  const minutes = Math.max(1, Math.round(graceSeconds / 60));
  return {
    alert: true,
    reason: `the ECS agent on this ${now.status ?? "unknown"} host has been disconnected for more than ${minutes} min; ECS cannot start, stop or report tasks on it`,
    short: `agent disconnected ${minutes}+ min`,
    severity: "medium",
    kind: "container-instance",
    failedContainers: [],
  };
}

/** The host's place in its Auto Scaling group now; undefined when no group lists the instance. */
export interface HostInGroup {
  autoScalingGroupName?: string;
  /** Auto Scaling lifecycle state: InService, Pending, Terminating:Wait, Standby, Detaching, ... */
  lifecycleState?: string;
}

/**
 * Custom container instance attribute the function sets after alerting on a host, so the further
 * events of the same drain (one per task that stops on it) are not alerted again. Its value is the
 * time of the alert.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html#attributes
 */
export const LEFT_ACTIVE_MARK = "ecs-ec2.left-active-alerted-at";
/** A mark older than this no longer silences: a host drained again a day later is alerted again. */
export const LEFT_ACTIVE_MARK_HOURS = 12;

/** States in which Auto Scaling itself (or an operator through it) is taking the host away. */
const GROUP_TAKING_IT_AWAY = /^(Terminating|Terminated|Detaching|Detached|EnteringStandby|Standby|Warmed)/;

/** The time in the host's mark when it is recent enough to silence this event. */
export function recentMark(d: ContainerInstanceStateDetail, now: Date): string | undefined {
  const value = d.attributes?.find((a) => a.name === LEFT_ACTIVE_MARK)?.value;
  const at = value ? Date.parse(value) : NaN;
  return Number.isFinite(at) && now.getTime() - at < LEFT_ACTIVE_MARK_HOURS * 3600_000 ? value : undefined;
}

/**
 * A host that left ACTIVE (DRAINING, or deregistered: INACTIVE / DEREGISTERING). Every scale-in,
 * instance refresh, drain hook and managed drain does that too, always while Auto Scaling has the
 * instance in a Terminating state; so the verdict rests on the host's group state now
 * (DescribeAutoScalingInstances):
 *   - Terminating* / Detaching / Detached / Standby / EnteringStandby / Warmed* -> no alert
 *     (the group, an instance refresh, the drain hook or an operator through Auto Scaling)
 *   - no group lists the instance                                          -> no alert (already
 *     terminated through its group, or not one of the groups' hosts)
 *   - InService / Pending*                                                 -> alert (medium): the group
 *     counts the host as capacity while ECS no longer places tasks on it, and will not replace it
 *   - already alerted for this host in the last LEFT_ACTIVE_MARK_HOURS hours -> no alert
 */
export function classifyLeftActive(d: ContainerInstanceStateDetail, group: HostInGroup | undefined, now: Date): Classification {
  const status = d.status ?? "unknown";
  if (!["DRAINING", "INACTIVE", "DEREGISTERING"].includes(status)) return noAlert("container-instance", `the host is ${status}`);
  const mark = recentMark(d, now);
  if (mark) return noAlert("container-instance", `already alerted for this host at ${mark}`);
  if (!d.ec2InstanceId) return noAlert("container-instance", "not an EC2 instance");
  if (!group) return noAlert("container-instance", "no Auto Scaling group lists the instance (terminated through its group, or not a group's host)");
  const state = group.lifecycleState ?? "unknown";
  if (GROUP_TAKING_IT_AWAY.test(state)) return noAlert("container-instance", `Auto Scaling has it ${state} (scale-in, instance refresh or drain)`);
  const groupName = group.autoScalingGroupName ?? "its Auto Scaling group";
  const draining = status === "DRAINING";
  return {
    alert: true,
    reason: draining
      ? `the host was set to DRAINING outside a scale-in: ${groupName} still has it ${state}, so it counts as capacity while ECS places no task on it, and nothing will terminate or replace it`
      : `the host was deregistered from ECS (${status}) while ${groupName} still has it ${state}: if the instance still runs, the group counts it as capacity ECS cannot use and will not replace it; if it was terminated outside the group, the group replaces it after its next health check`,
    short: draining ? "host drained outside scale-in" : "host deregistered, still in service",
    severity: "medium",
    kind: "container-instance",
    failedContainers: [],
  };
}
