/**
 * What the drain queue carries: the Auto Scaling lifecycle action as EventBridge delivered it
 * (first delivery), or the function's own continuation of it (every later poll).
 */
import { Envelope, parseBody } from "../shared/envelope";

export const TERMINATE_DETAIL_TYPE = "EC2 Instance-terminate Lifecycle Action";
export const TERMINATING_TRANSITION = "autoscaling:EC2_INSTANCE_TERMINATING";
export const CONTINUATION_KIND = "drain-continuation";

/** `detail` of "EC2 Instance-terminate Lifecycle Action" (Amazon EC2 Auto Scaling User Guide, lifecycle hooks / EventBridge). */
export interface LifecycleActionDetail {
  LifecycleActionToken?: string;
  AutoScalingGroupName?: string;
  LifecycleHookName?: string;
  EC2InstanceId?: string;
  LifecycleTransition?: string;
  NotificationMetadata?: string;
  Origin?: string;
  Destination?: string;
}

export type LifecycleActionEvent = Envelope<string, LifecycleActionDetail>;

/** What one poll hands to the next. */
export interface DrainState {
  /** When the lifecycle action started (the event's `time`), epoch ms. */
  readonly startedAt: number;
  /** Last RecordLifecycleActionHeartbeat (or the start), epoch ms. */
  readonly lastHeartbeatAt: number;
  /** Found on the first poll. */
  readonly containerInstanceArn?: string;
  /** Polls so far. */
  readonly polls: number;
  /** StopTask calls made per task (stop mode). */
  readonly stopRequests: Readonly<Record<string, number>>;
  /** The "global timeout is near" alert went out. */
  readonly alerted: boolean;
}

export interface DrainContinuation {
  readonly kind: typeof CONTINUATION_KIND;
  readonly event: LifecycleActionEvent;
  readonly state: DrainState;
}

export function initialState(event: LifecycleActionEvent, now: number): DrainState {
  const time = Date.parse(event.time ?? "");
  // The event time is when the wait began; never in the future (clock skew), never unknown.
  const startedAt = Number.isFinite(time) ? Math.min(time, now) : now;
  return { startedAt, lastHeartbeatAt: startedAt, polls: 0, stopRequests: {}, alerted: false };
}

/** The lifecycle event and the state to continue from, or undefined when the body is neither. */
export function readMessage(body: string, now: number): { event: LifecycleActionEvent; state: DrainState } | undefined {
  const parsed = parseBody({ body });
  if (!parsed) return undefined;
  if (parsed.kind === CONTINUATION_KIND) {
    const c = parsed as unknown as DrainContinuation;
    return c.event && c.state ? { event: c.event, state: c.state } : undefined;
  }
  if (parsed.detail && typeof parsed.detail === "object") {
    const event = parsed as unknown as LifecycleActionEvent;
    return { event, state: initialState(event, now) };
  }
  return undefined;
}

export interface Expected {
  readonly asgName?: string;
  readonly hookName?: string;
}

/** Why the event is not this function's to handle, or undefined when it is. */
export function ignoreReason(event: LifecycleActionEvent, expected: Expected): string | undefined {
  const detail = event?.detail;
  if (!detail) return "event has no detail";
  if (event["detail-type"] !== undefined && event["detail-type"] !== TERMINATE_DETAIL_TYPE) return `detail-type is ${event["detail-type"]}`;
  if (detail.LifecycleTransition !== TERMINATING_TRANSITION) return `transition is ${detail.LifecycleTransition ?? "missing"}`;
  if (expected.asgName && detail.AutoScalingGroupName !== expected.asgName) {
    return `group ${detail.AutoScalingGroupName ?? "missing"} is not ${expected.asgName}`;
  }
  if (expected.hookName && detail.LifecycleHookName !== expected.hookName) {
    return `hook ${detail.LifecycleHookName ?? "missing"} is not ${expected.hookName}`;
  }
  if (!detail.EC2InstanceId || !detail.AutoScalingGroupName || !detail.LifecycleHookName) {
    return "missing EC2InstanceId, AutoScalingGroupName or LifecycleHookName";
  }
  return undefined;
}
