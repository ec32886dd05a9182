/**
 * Drains an ECS container instance before Auto Scaling terminates it.
 *
 * Trigger: EventBridge rule on `source = aws.autoscaling`,
 * `detail-type = "EC2 Instance-terminate Lifecycle Action"`.
 *
 * Environment:
 *   CLUSTER_NAME  (required) ECS cluster the instances are registered in.
 *   ASG_NAME      (optional) only handle events of this Auto Scaling group.
 *   STANDALONE_TASKS (optional) `wait` (default) or `stop`: what to do with standalone
 *                 tasks (RunTask, scheduled tasks), which DRAINING does not move.
 *
 * This file is self-contained on purpose: it is transpiled on its own and
 * zipped as `index.js`. The AWS SDK v3 clients are provided by the nodejs22.x
 * Lambda runtime and are only loaded inside `handler`.
 */

// ---------------------------------------------------------------------------
// Event shape (AWS Auto Scaling lifecycle action delivered by EventBridge)
// ---------------------------------------------------------------------------

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

export interface LifecycleActionEvent {
  version?: string;
  id?: string;
  "detail-type"?: string;
  source?: string;
  account?: string;
  time?: string;
  region?: string;
  resources?: string[];
  detail?: LifecycleActionDetail;
}

// ---------------------------------------------------------------------------
// Minimal client interfaces. Inputs and outputs use the field names of the
// ECS and Auto Scaling APIs (and SDK v3 commands) so fakes can return
// recorded-shape responses.
// ---------------------------------------------------------------------------

export interface ContainerInstanceSummary {
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  status?: string;
  runningTasksCount?: number;
  pendingTasksCount?: number;
  agentConnected?: boolean;
}

export interface EcsFailure {
  arn?: string;
  reason?: string;
  detail?: string;
}

/** The fields of an ECS Task (DescribeTasks) the function looks at. */
export interface TaskSummary {
  taskArn?: string;
  /** `service:<name>` for service tasks, `family:<name>` (or a custom group) for standalone tasks. */
  group?: string;
  lastStatus?: string;
  desiredStatus?: string;
}

export interface DrainEcsClient {
  listContainerInstances(input: {
    cluster: string;
    filter?: string;
    nextToken?: string;
  }): Promise<{ containerInstanceArns?: string[]; nextToken?: string }>;
  describeContainerInstances(input: {
    cluster: string;
    containerInstances: string[];
  }): Promise<{ containerInstances?: ContainerInstanceSummary[]; failures?: EcsFailure[] }>;
  updateContainerInstancesState(input: {
    cluster: string;
    containerInstances: string[];
    status: "DRAINING";
  }): Promise<{ containerInstances?: ContainerInstanceSummary[]; failures?: EcsFailure[] }>;
  /** Only needed with standaloneTasks "stop". */
  listTasks?(input: {
    cluster: string;
    containerInstance: string;
    desiredStatus?: "RUNNING" | "PENDING" | "STOPPED";
    nextToken?: string;
  }): Promise<{ taskArns?: string[]; nextToken?: string }>;
  /** Only needed with standaloneTasks "stop". */
  describeTasks?(input: { cluster: string; tasks: string[] }): Promise<{ tasks?: TaskSummary[]; failures?: EcsFailure[] }>;
  /** Only needed with standaloneTasks "stop". */
  stopTask?(input: { cluster: string; task: string; reason?: string }): Promise<unknown>;
}

export interface LifecycleActionInput {
  AutoScalingGroupName: string;
  LifecycleHookName: string;
  LifecycleActionToken?: string;
  InstanceId?: string;
}

export interface DrainAutoScalingClient {
  completeLifecycleAction(input: LifecycleActionInput & { LifecycleActionResult: "CONTINUE" | "ABANDON" }): Promise<unknown>;
  recordLifecycleActionHeartbeat(input: LifecycleActionInput): Promise<unknown>;
}

export interface DrainDeps {
  ecs: DrainEcsClient;
  autoscaling: DrainAutoScalingClient;
  /** Defaults to a real timer. Tests pass a fake that returns immediately. */
  sleep?: (ms: number) => Promise<void>;
  /** Defaults to Date.now. Tests pass a fake clock advanced by the fake sleep. */
  now?: () => number;
  /** Lambda `context.getRemainingTimeInMillis`, when available. */
  getRemainingTimeInMillis?: () => number;
  /** One JSON-serialisable record per step. Defaults to one JSON line on stdout. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface DrainConfig {
  clusterName: string;
  /** Only handle events of this Auto Scaling group (optional). */
  asgName?: string;
  /** Delay between DescribeContainerInstances polls. Default 10 s. */
  pollIntervalMs?: number;
  /** Minimum delay between RecordLifecycleActionHeartbeat calls. Default 60 s. */
  heartbeatIntervalMs?: number;
  /** Stop polling when less than (poll interval + this margin) is left. Default 15 s. */
  safetyMarginMs?: number;
  /**
   * Standalone tasks (group not `service:*`) are not moved by DRAINING. `wait` (default) waits for
   * them to end; `stop` stops each of them once no service task is left on the instance.
   */
  standaloneTasks?: "wait" | "stop";
}

export type DrainOutcome =
  | "ignored" // not a terminate lifecycle action for us
  | "completed" // CompleteLifecycleAction(CONTINUE) sent
  | "already-completed" // the lifecycle action was no longer active (duplicate delivery)
  | "timed-out"; // tasks still running and the invocation is about to end: not completed

export interface DrainResult {
  outcome: DrainOutcome;
  reason: string;
  instanceId?: string;
  containerInstanceArn?: string;
  polls: number;
  heartbeats: number;
}

export const TERMINATE_DETAIL_TYPE = "EC2 Instance-terminate Lifecycle Action";
export const TERMINATING_TRANSITION = "autoscaling:EC2_INSTANCE_TERMINATING";

const DEFAULT_POLL_INTERVAL_MS = 10_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 60_000;
const DEFAULT_SAFETY_MARGIN_MS = 15_000;
/** DescribeTasks accepts at most 100 tasks per call. */
const DESCRIBE_TASKS_BATCH = 100;
export const STOP_TASK_REASON = "Host is being terminated by Auto Scaling (drain hook)";

function defaultLog(entry: Record<string, unknown>): void {
  console.log(JSON.stringify({ fn: "drain-instance", ...entry }));
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Returns why the event is not ours, or undefined when it must be handled. */
export function ignoreReason(event: LifecycleActionEvent, asgName?: string): string | undefined {
  const detail = event?.detail;
  if (!detail) return "event has no detail";
  if (event["detail-type"] !== undefined && event["detail-type"] !== TERMINATE_DETAIL_TYPE) {
    return `detail-type is ${event["detail-type"]}`;
  }
  if (detail.LifecycleTransition !== TERMINATING_TRANSITION) {
    return `transition is ${detail.LifecycleTransition ?? "missing"}`;
  }
  if (asgName && detail.AutoScalingGroupName !== asgName) {
    return `group ${detail.AutoScalingGroupName ?? "missing"} is not ${asgName}`;
  }
  if (!detail.EC2InstanceId || !detail.AutoScalingGroupName || !detail.LifecycleHookName) {
    return "missing EC2InstanceId, AutoScalingGroupName or LifecycleHookName";
  }
  return undefined;
}

/**
 * Core logic with injected clients.
 *
 * Steps: find the container instance of the EC2 instance -> set it DRAINING
 * (unless already DRAINING) -> poll running + pending task counts until 0,
 * sending lifecycle heartbeats -> CompleteLifecycleAction(CONTINUE).
 *
 * With `standaloneTasks: "stop"`, every poll that still sees tasks also lists the instance's tasks;
 * once none of them is a service task (group `service:*`), each standalone task is stopped with
 * StopTask (once per task; tasks already stopping are skipped), and polling continues until the
 * counts reach 0.
 *
 * When the Lambda invocation is about to run out of time while tasks are still
 * running, it does NOT complete the lifecycle action. It records a last
 * heartbeat and returns outcome "timed-out"; `handler` then throws so that
 * Lambda's asynchronous retry invokes the function again with the same event,
 * which re-checks the instance (setting DRAINING is skipped, polling resumes).
 * Meanwhile the lifecycle hook's heartbeat timeout keeps the instance in
 * Terminating:Wait; if no invocation completes the action before that timeout,
 * the hook's DefaultResult applies. Re-publishing the event ourselves (e.g.
 * PutEvents or a delay queue) is out of scope.
 */
export async function drainInstance(
  event: LifecycleActionEvent,
  deps: DrainDeps,
  config: DrainConfig,
): Promise<DrainResult> {
  const log = deps.log ?? defaultLog;
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const pollIntervalMs = config.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const heartbeatIntervalMs = config.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const safetyMarginMs = config.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const cluster = config.clusterName;
  const stopStandalone = config.standaloneTasks === "stop";

  let polls = 0;
  let heartbeats = 0;

  const skip = ignoreReason(event, config.asgName);
  if (skip !== undefined) {
    log({ step: "ignore", reason: skip, detailType: event?.["detail-type"] });
    return { outcome: "ignored", reason: skip, polls, heartbeats };
  }
  const detail = event.detail as Required<Pick<LifecycleActionDetail, "EC2InstanceId" | "AutoScalingGroupName" | "LifecycleHookName">> &
    LifecycleActionDetail;
  const instanceId = detail.EC2InstanceId;
  const hook: LifecycleActionInput = {
    AutoScalingGroupName: detail.AutoScalingGroupName,
    LifecycleHookName: detail.LifecycleHookName,
    InstanceId: instanceId,
    ...(detail.LifecycleActionToken ? { LifecycleActionToken: detail.LifecycleActionToken } : {}),
  };
  log({ step: "start", cluster, instanceId, group: hook.AutoScalingGroupName, hook: hook.LifecycleHookName, standaloneTasks: stopStandalone ? "stop" : "wait" });
  const { listTasks, describeTasks, stopTask } = deps.ecs;
  if (stopStandalone && (!listTasks || !describeTasks || !stopTask)) {
    throw new Error('standaloneTasks "stop" needs an ECS client with listTasks, describeTasks and stopTask');
  }

  const complete = async (reason: string, containerInstanceArn?: string): Promise<DrainResult> => {
    try {
      await deps.autoscaling.completeLifecycleAction({ ...hook, LifecycleActionResult: "CONTINUE" });
    } catch (err) {
      // A duplicate delivery or a retry after a completion finds no active action.
      if (/No active Lifecycle Action found/i.test(errorMessage(err))) {
        log({ step: "complete", instanceId, result: "already-completed", error: errorMessage(err) });
        return { outcome: "already-completed", reason, instanceId, containerInstanceArn, polls, heartbeats };
      }
      throw err;
    }
    log({ step: "complete", instanceId, containerInstanceArn, result: "CONTINUE", reason });
    return { outcome: "completed", reason, instanceId, containerInstanceArn, polls, heartbeats };
  };

  // 1. Find the container instance registered for this EC2 instance.
  const listed = await deps.ecs.listContainerInstances({ cluster, filter: `ec2InstanceId == ${instanceId}` });
  const arn = listed.containerInstanceArns?.[0];
  log({ step: "lookup", instanceId, containerInstanceArn: arn ?? null });
  if (!arn) return complete("instance is not registered in the cluster");

  const describe = async (): Promise<ContainerInstanceSummary | undefined> => {
    const out = await deps.ecs.describeContainerInstances({ cluster, containerInstances: [arn] });
    return out.containerInstances?.find((ci) => ci.containerInstanceArn === arn) ?? out.containerInstances?.[0];
  };

  // 2. Set DRAINING unless it already is (only an ACTIVE instance can be set to DRAINING).
  let current = await describe();
  if (!current) return complete("container instance no longer exists", arn);
  log({ step: "describe", containerInstanceArn: arn, status: current.status, running: current.runningTasksCount ?? 0, pending: current.pendingTasksCount ?? 0 });
  if (current.status === "ACTIVE") {
    const upd = await deps.ecs.updateContainerInstancesState({ cluster, containerInstances: [arn], status: "DRAINING" });
    if (upd.failures && upd.failures.length > 0) {
      log({ step: "set-draining", containerInstanceArn: arn, failures: upd.failures });
      throw new Error(`UpdateContainerInstancesState failed for ${arn}: ${JSON.stringify(upd.failures)}`);
    }
    log({ step: "set-draining", containerInstanceArn: arn });
  } else {
    log({ step: "set-draining", containerInstanceArn: arn, skipped: true, status: current.status });
  }

  // Tasks on the instance that have not stopped yet. Tasks whose desired status is already
  // STOPPED are included too: a service task in its deregistration delay still counts.
  const tasksOnInstance = async (): Promise<TaskSummary[]> => {
    const arns = new Set<string>();
    for (const desiredStatus of ["RUNNING", "PENDING", "STOPPED"] as const) {
      let nextToken: string | undefined;
      do {
        const page = await listTasks!.call(deps.ecs, { cluster, containerInstance: arn, desiredStatus, ...(nextToken ? { nextToken } : {}) });
        for (const taskArn of page.taskArns ?? []) arns.add(taskArn);
        nextToken = page.nextToken;
      } while (nextToken);
    }
    const all = [...arns];
    const tasks: TaskSummary[] = [];
    for (let i = 0; i < all.length; i += DESCRIBE_TASKS_BATCH) {
      const out = await describeTasks!.call(deps.ecs, { cluster, tasks: all.slice(i, i + DESCRIBE_TASKS_BATCH) });
      tasks.push(...(out.tasks ?? []));
    }
    return tasks.filter((t) => t.lastStatus !== "STOPPED");
  };

  // Standalone tasks this invocation already asked ECS to stop.
  const stopped = new Set<string>();
  const stopStandaloneTasks = async (): Promise<void> => {
    const tasks = await tasksOnInstance();
    const service = tasks.filter((t) => (t.group ?? "").startsWith("service:"));
    if (service.length > 0) {
      log({ step: "standalone-tasks", containerInstanceArn: arn, waitingForServiceTasks: service.length, tasks: tasks.length });
      return;
    }
    const toStop = tasks.filter((t) => t.taskArn && t.desiredStatus !== "STOPPED" && !stopped.has(t.taskArn));
    for (const task of toStop) {
      const taskArn = task.taskArn as string;
      stopped.add(taskArn); // once per task, even if the call fails
      try {
        await stopTask!.call(deps.ecs, { cluster, task: taskArn, reason: STOP_TASK_REASON });
        log({ step: "stop-task", containerInstanceArn: arn, taskArn, group: task.group ?? null });
      } catch (err) {
        log({ step: "stop-task", containerInstanceArn: arn, taskArn, group: task.group ?? null, error: errorMessage(err) });
      }
    }
  };

  // 3. Poll until no task is running or pending on the instance.
  let lastHeartbeat = now();
  for (;;) {
    const running = current.runningTasksCount ?? 0;
    const pending = current.pendingTasksCount ?? 0;
    if (running + pending === 0) return complete("no tasks left on the instance", arn);
    if (stopStandalone) await stopStandaloneTasks();

    const remaining = deps.getRemainingTimeInMillis?.();
    if (remaining !== undefined && remaining < pollIntervalMs + safetyMarginMs) {
      // Out of time: keep the instance waiting instead of completing (see doc comment).
      await deps.autoscaling.recordLifecycleActionHeartbeat(hook);
      heartbeats++;
      log({ step: "timeout", containerInstanceArn: arn, running, pending, remainingMs: remaining });
      return { outcome: "timed-out", reason: `${running + pending} task(s) still on the instance`, instanceId, containerInstanceArn: arn, polls, heartbeats };
    }

    await sleep(pollIntervalMs);

    if (now() - lastHeartbeat >= heartbeatIntervalMs) {
      await deps.autoscaling.recordLifecycleActionHeartbeat(hook);
      heartbeats++;
      lastHeartbeat = now();
      log({ step: "heartbeat", instanceId });
    }

    polls++;
    const next = await describe();
    if (!next) return complete("container instance no longer exists", arn);
    current = next;
    log({ step: "poll", poll: polls, containerInstanceArn: arn, status: current.status, running: current.runningTasksCount ?? 0, pending: current.pendingTasksCount ?? 0 });
  }
}

// ---------------------------------------------------------------------------
// Lambda entry point: real AWS SDK v3 clients, created lazily and reused.
// ---------------------------------------------------------------------------

interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

let cachedClients: { ecs: DrainEcsClient; autoscaling: DrainAutoScalingClient } | undefined;

function realClients(): { ecs: DrainEcsClient; autoscaling: DrainAutoScalingClient } {
  if (cachedClients) return cachedClients;
  const ecsSdk: typeof import("@aws-sdk/client-ecs") = require("@aws-sdk/client-ecs");
  const asgSdk: typeof import("@aws-sdk/client-auto-scaling") = require("@aws-sdk/client-auto-scaling");
  const ecs = new ecsSdk.ECSClient({});
  const asg = new asgSdk.AutoScalingClient({});
  cachedClients = {
    ecs: {
      listContainerInstances: (input) => ecs.send(new ecsSdk.ListContainerInstancesCommand(input)),
      describeContainerInstances: (input) => ecs.send(new ecsSdk.DescribeContainerInstancesCommand(input)),
      updateContainerInstancesState: (input) => ecs.send(new ecsSdk.UpdateContainerInstancesStateCommand(input)),
      listTasks: (input) => ecs.send(new ecsSdk.ListTasksCommand(input)),
      describeTasks: (input) => ecs.send(new ecsSdk.DescribeTasksCommand(input)),
      stopTask: (input) => ecs.send(new ecsSdk.StopTaskCommand(input)),
    },
    autoscaling: {
      completeLifecycleAction: (input) => asg.send(new asgSdk.CompleteLifecycleActionCommand(input)),
      recordLifecycleActionHeartbeat: (input) => asg.send(new asgSdk.RecordLifecycleActionHeartbeatCommand(input)),
    },
  };
  return cachedClients;
}

export async function handler(event: LifecycleActionEvent, context?: LambdaContextLike): Promise<DrainResult> {
  const clusterName = process.env.CLUSTER_NAME;
  if (!clusterName) throw new Error("CLUSTER_NAME environment variable is required");
  const asgName = process.env.ASG_NAME || undefined;
  const standaloneTasks = process.env.STANDALONE_TASKS === "stop" ? "stop" : "wait";

  // Do not even create clients for events that are not ours.
  const skip = ignoreReason(event, asgName);
  if (skip !== undefined) {
    defaultLog({ step: "ignore", reason: skip, detailType: event?.["detail-type"] });
    return { outcome: "ignored", reason: skip, polls: 0, heartbeats: 0 };
  }

  const getRemaining =
    context && typeof context.getRemainingTimeInMillis === "function"
      ? () => (context.getRemainingTimeInMillis as () => number).call(context)
      : undefined;
  const result = await drainInstance(event, { ...realClients(), getRemainingTimeInMillis: getRemaining }, { clusterName, asgName, standaloneTasks });
  if (result.outcome === "timed-out") {
    // Fail the invocation so Lambda's asynchronous retry re-checks the instance.
    throw new Error(`drain of ${result.containerInstanceArn} not finished: ${result.reason}; lifecycle action left open`);
  }
  return result;
}
