/**
 * One poll of a drain. Each SQS delivery runs exactly one step, then either completes the
 * lifecycle action or sends itself a continuation with `DelaySeconds = pollIntervalSeconds`. The
 * drain therefore lasts as long as the lifecycle hook allows, not as long as one invocation or
 * Lambda's asynchronous retry budget; a failed poll is delivered again by SQS (visibility
 * timeout) and, after the queue's maxReceiveCount, lands in the dead-letter queue.
 */
import { AutoScalingClient, CompleteLifecycleActionCommand, RecordLifecycleActionHeartbeatCommand } from "@aws-sdk/client-auto-scaling";
import { ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Log, errorMessage } from "../shared/log";
import { withRetry } from "../shared/retry";
import { DrainEcs, OpenTask, isServiceTask } from "./ecs";
import { CONTINUATION_KIND, DrainContinuation, DrainState, LifecycleActionEvent, ignoreReason } from "./message";

export interface DrainConfig {
  readonly clusterName: string;
  readonly asgName?: string;
  readonly hookName?: string;
  /** Queue the continuations go to (the queue this function reads). */
  readonly queueUrl: string;
  /** The hook's HeartbeatTimeout, seconds. */
  readonly heartbeatTimeoutSeconds: number;
  /** Seconds between polls (SQS DelaySeconds, at most 900). */
  readonly pollIntervalSeconds: number;
  readonly standaloneTasks: "wait" | "stop";
  /** SNS topic for "the hook will time out with tasks still running" alerts. @default - log only */
  readonly alertTopicArn?: string;
}

export interface DrainClients {
  readonly ecs: ECSClient;
  readonly autoscaling: AutoScalingClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
}

export type DrainOutcome =
  | "ignored" // not a terminate action of this group and hook
  | "completed" // CompleteLifecycleAction(CONTINUE) sent
  | "ended-elsewhere" // the action was no longer active (completed by someone else, or timed out)
  | "waiting"; // tasks still open: continuation sent

export interface DrainStepResult {
  readonly outcome: DrainOutcome;
  readonly reason: string;
  readonly openTasks?: readonly OpenTask[];
  readonly next?: DrainState;
}

/** The longest an instance may stay in Terminating:Wait: "The maximum is 172800 seconds (48 hours) or 100 times HeartbeatTimeout, whichever is smaller." (Auto Scaling API reference, LifecycleHook.GlobalTimeout) */
export function globalTimeoutSeconds(heartbeatTimeoutSeconds: number): number {
  return Math.min(172800, 100 * heartbeatTimeoutSeconds);
}

/** How long before the global timeout the alert goes out: 15 minutes, or a quarter of the limit when that is shorter. */
export function alertLeadSeconds(heartbeatTimeoutSeconds: number): number {
  return Math.min(900, Math.floor(globalTimeoutSeconds(heartbeatTimeoutSeconds) / 4));
}

/** Auto Scaling answers ValidationError when the lifecycle action is no longer active ("No active Lifecycle Action found"). */
function isNoActiveAction(err: unknown): boolean {
  return (err as { name?: string })?.name === "ValidationError";
}

export async function drainStep(event: LifecycleActionEvent, state: DrainState, clients: DrainClients, config: DrainConfig, log: Log): Promise<DrainStepResult> {
  const skip = ignoreReason(event, { asgName: config.asgName, hookName: config.hookName });
  if (skip !== undefined) {
    log({ step: "ignore", reason: skip });
    return { outcome: "ignored", reason: skip };
  }
  const detail = event.detail;
  const instanceId = detail.EC2InstanceId as string;
  const hook = {
    AutoScalingGroupName: detail.AutoScalingGroupName as string,
    LifecycleHookName: detail.LifecycleHookName as string,
    InstanceId: instanceId,
    ...(detail.LifecycleActionToken ? { LifecycleActionToken: detail.LifecycleActionToken } : {}),
  };
  const ecs = new DrainEcs(clients.ecs, config.clusterName);
  const now = Date.now();
  const polls = state.polls + 1;

  const complete = async (reason: string): Promise<DrainStepResult> => {
    try {
      await withRetry(() => clients.autoscaling.send(new CompleteLifecycleActionCommand({ ...hook, LifecycleActionResult: "CONTINUE" })));
    } catch (err) {
      if (!isNoActiveAction(err)) throw err;
      log({ step: "complete", instanceId, result: "ended-elsewhere", error: errorMessage(err) });
      return { outcome: "ended-elsewhere", reason: `lifecycle action no longer active: ${errorMessage(err)}` };
    }
    log({ step: "complete", instanceId, result: "CONTINUE", reason, polls, waitedSeconds: Math.round((now - state.startedAt) / 1000) });
    return { outcome: "completed", reason };
  };

  // 1. The container instance of this EC2 instance.
  const containerInstanceArn = state.containerInstanceArn ?? (await ecs.findContainerInstance(instanceId));
  if (!containerInstanceArn) return complete("the instance is not registered in the cluster");

  // 2. DRAINING (only an ACTIVE instance can be set to DRAINING).
  const host = await ecs.describeHost(containerInstanceArn);
  if (!host) return complete("ECS no longer knows the container instance");
  if (host.status === "INACTIVE") return complete("the container instance is deregistered");
  if (host.status === "ACTIVE") {
    await ecs.setDraining(containerInstanceArn);
    log({ step: "set-draining", instanceId, containerInstanceArn });
  }

  // 3. Done when every task on the host has lastStatus STOPPED.
  const open = await ecs.openTasks(containerInstanceArn);
  log({ step: "poll", instanceId, containerInstanceArn, polls, status: host.status, agentConnected: host.agentConnected, open: open.map(describeTask) });
  if (open.length === 0) return complete("every task on the host is STOPPED");

  // 4. Stop mode: once only standalone tasks are left, stop them; StopTask again on every poll
  //    until ECS has set their desired status to STOPPED, then wait for lastStatus STOPPED.
  const stopRequests = { ...state.stopRequests };
  if (config.standaloneTasks === "stop" && !open.some(isServiceTask)) {
    for (const task of open.filter((t) => t.desiredStatus !== "STOPPED")) {
      stopRequests[task.taskArn] = (stopRequests[task.taskArn] ?? 0) + 1;
      try {
        await ecs.stopTask(task.taskArn);
        log({ step: "stop-task", instanceId, taskArn: task.taskArn, group: task.group ?? null, attempt: stopRequests[task.taskArn] });
      } catch (err) {
        // Tried again on the next poll; completion waits for STOPPED either way.
        log({ step: "stop-task", instanceId, taskArn: task.taskArn, group: task.group ?? null, attempt: stopRequests[task.taskArn], error: errorMessage(err) });
      }
    }
  }

  // 5. Say so before the hook's global timeout ends the wait with tasks still running.
  const globalDeadline = state.startedAt + globalTimeoutSeconds(config.heartbeatTimeoutSeconds) * 1000;
  let alerted = state.alerted;
  if (!alerted && now >= globalDeadline - alertLeadSeconds(config.heartbeatTimeoutSeconds) * 1000) {
    await alertGlobalTimeout(clients, config, log, { instanceId, containerInstanceArn, open, secondsLeft: Math.max(0, Math.round((globalDeadline - now) / 1000)) });
    alerted = true;
  }

  // 6. Heartbeat once half the heartbeat timeout has passed since the last one (and after the
  //    global timeout, to learn that the action has ended).
  let lastHeartbeatAt = state.lastHeartbeatAt;
  if (now - lastHeartbeatAt >= (config.heartbeatTimeoutSeconds * 1000) / 2 || now >= globalDeadline) {
    try {
      await withRetry(() => clients.autoscaling.send(new RecordLifecycleActionHeartbeatCommand(hook)));
    } catch (err) {
      if (!isNoActiveAction(err)) throw err;
      log({ step: "heartbeat", instanceId, result: "ended-elsewhere", error: errorMessage(err), open: open.length });
      return { outcome: "ended-elsewhere", reason: `lifecycle action no longer active: ${errorMessage(err)}`, openTasks: open };
    }
    lastHeartbeatAt = now;
    log({ step: "heartbeat", instanceId });
  }

  // 7. Poll again later.
  const next: DrainState = { startedAt: state.startedAt, lastHeartbeatAt, containerInstanceArn, polls, stopRequests, alerted };
  const continuation: DrainContinuation = { kind: CONTINUATION_KIND, event, state: next };
  await withRetry(() =>
    clients.sqs.send(new SendMessageCommand({ QueueUrl: config.queueUrl, MessageBody: JSON.stringify(continuation), DelaySeconds: config.pollIntervalSeconds })),
  );
  return { outcome: "waiting", reason: `${open.length} task(s) not STOPPED yet`, openTasks: open, next };
}

function describeTask(t: OpenTask): string {
  return `${t.taskArn.split("/").pop()} ${t.group ?? "-"} ${t.lastStatus ?? "?"}->${t.desiredStatus ?? "?"}`;
}

interface TimeoutAlert {
  readonly instanceId: string;
  readonly containerInstanceArn: string;
  readonly open: readonly OpenTask[];
  readonly secondsLeft: number;
}

/** SNS subjects must be "less than 100 characters long" (SNS API reference, Publish). */
const SUBJECT_MAX = 99;

export function timeoutAlertText(config: Pick<DrainConfig, "clusterName">, alert: TimeoutAlert): { subject: string; message: string } {
  const minutes = Math.max(1, Math.round(alert.secondsLeft / 60));
  const reason = `drain of ${alert.instanceId} times out in ${minutes} min`;
  const subject = `${config.clusterName.slice(0, Math.max(1, SUBJECT_MAX - reason.length - 2))}: ${reason}`.slice(0, SUBJECT_MAX);
  const message = [
    `Cluster ${config.clusterName}: Auto Scaling terminates EC2 instance ${alert.instanceId} in about ${minutes} minutes`,
    `(the lifecycle hook's global timeout), while these tasks are not STOPPED yet:`,
    "",
    ...alert.open.map((t) => `  - ${t.taskArn} (${t.group ?? "no group"}, lastStatus ${t.lastStatus ?? "-"}, desiredStatus ${t.desiredStatus ?? "-"})`),
    "",
    `Container instance: ${alert.containerInstanceArn}`,
    "",
    "What to do: stop or move these tasks (aws ecs stop-task), or complete the lifecycle action yourself",
    "(aws autoscaling complete-lifecycle-action) once they are safe to lose.",
  ];
  return { subject, message: message.join("\n") };
}

async function alertGlobalTimeout(clients: DrainClients, config: DrainConfig, log: Log, alert: TimeoutAlert): Promise<void> {
  const { subject, message } = timeoutAlertText(config, alert);
  log({ step: "alert", level: "ERROR", instanceId: alert.instanceId, subject, secondsLeft: alert.secondsLeft, open: alert.open.map((t) => t.taskArn) });
  if (!config.alertTopicArn) return;
  await withRetry(() => clients.sns.send(new PublishCommand({ TopicArn: config.alertTopicArn, Subject: subject, Message: message })));
}
