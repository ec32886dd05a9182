/**
 * A simulated ECS cluster, Auto Scaling lifecycle hook and SQS queue for drain scenarios, driven by
 * jest fake timers: `simulatedNow()` (jest.now(), the fake clock) is the only time it reads, never
 * the machine's clock, so no assertion depends on how fast the machine is. Every AWS call of the drain function goes
 * through aws-sdk-client-mock and is answered from this world at the current simulated time.
 */
import { AutoScalingClient, CompleteLifecycleActionCommand, RecordLifecycleActionHeartbeatCommand } from "@aws-sdk/client-auto-scaling";
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateContainerInstancesStateCommand,
} from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../../functions/drain-instance/index";

/** The fake timers' clock: simulated drain time, not wall-clock time. */
export function simulatedNow(): number {
  return jest.now();
}

export const CLUSTER = "prod-ec2";
export const ASG = "prod-ec2-asg";
export const HOOK = "drain-ecs-tasks";
export const EC2_ID = "i-0f3a8506b1c2d3e4f";
export const CI_ARN = `arn:aws:ecs:us-west-2:111122223333:container-instance/${CLUSTER}/b54a2a04046f43319d743f6d7f6ca315`;
export const QUEUE_URL = "https://sqs.us-west-2.amazonaws.com/111122223333/prod-ec2-drain";
export const TOPIC = "arn:aws:sns:us-west-2:111122223333:prod-ec2-alerts";
export const T0 = Date.parse("2026-03-04T11:00:00Z");
const VISIBILITY_TIMEOUT_MS = 6 * 60_000;
const MAX_RECEIVE_COUNT = 5;

export interface TaskSpec {
  id: string;
  /** `service:<name>` or `family:<name>`. */
  group: string;
  /** Service tasks: the scheduler sets desired STOPPED this long after DRAINING. Undefined: never on its own. */
  stopRequestedAfterDrainMs?: number;
  /** From desired STOPPED to lastStatus STOPPED (deregistration delay + SIGTERM grace). */
  stopDurationMs: number;
}

interface SimTask extends TaskSpec {
  arn: string;
  desiredStoppedAt?: number;
}

export type HookState = "waiting" | "completed" | "completed-elsewhere" | "heartbeat-timeout" | "global-timeout";

export interface WorldOptions {
  registered?: boolean;
  tasks?: TaskSpec[];
  heartbeatTimeoutSeconds?: number;
  pollIntervalSeconds?: number;
  standaloneTasks?: "wait" | "stop";
  alertTopic?: boolean;
  /** Someone else completes the lifecycle action at this time (ms after T0). */
  completedElsewhereAfterMs?: number;
  /** Command name -> number of calls that fail first with this error. */
  failures?: Record<string, { times: number; error: () => Error }>;
}

export function awsError(name: string, message = name, extra: Record<string, unknown> = {}): () => Error {
  return () => Object.assign(new Error(message), { name, $metadata: {}, ...extra });
}
export const throttling = awsError("ThrottlingException", "Rate exceeded", { $fault: "client" });

export const lifecycleEvent = () => ({
  version: "0",
  id: "12345678-1234-1234-1234-123456789012",
  "detail-type": "EC2 Instance-terminate Lifecycle Action",
  source: "aws.autoscaling",
  account: "111122223333",
  time: new Date(T0).toISOString(),
  region: "us-west-2",
  resources: [],
  detail: {
    LifecycleActionToken: "87654321-4321-4321-4321-210987654321",
    AutoScalingGroupName: ASG,
    LifecycleHookName: HOOK,
    EC2InstanceId: EC2_ID,
    LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
  },
});

interface Message {
  body: string;
  visibleAt: number;
  receiveCount: number;
}

export class World {
  readonly ecs = mockClient(ECSClient);
  readonly autoscaling = mockClient(AutoScalingClient);
  readonly sqs = mockClient(SQSClient);
  readonly sns = mockClient(SNSClient);
  readonly tasks: SimTask[];
  status = "ACTIVE";
  drainingAt?: number;
  hook: HookState = "waiting";
  hookEndedAt?: number;
  lastBeat = T0;
  heartbeats = 0;
  /** Tasks whose lastStatus was not STOPPED when the function completed the action. */
  openAtCompletion?: string[];
  /** Invocations that failed (and came back from the queue). */
  failedInvocations = 0;
  readonly queue: Message[] = [];
  readonly deadLetters: Message[] = [];
  readonly published: { Subject?: string; Message?: string; at: number }[] = [];
  invocations = 0;
  /** Simulated times of StopTask calls that ECS accepted. */
  readonly stopTaskAt: number[] = [];
  private readonly calls: Record<string, number> = {};

  constructor(readonly options: WorldOptions = {}) {
    this.tasks = (options.tasks ?? []).map((t) => ({ ...t, arn: `arn:aws:ecs:us-west-2:111122223333:task/${CLUSTER}/${t.id}` }));
    this.mock();
  }

  get heartbeatTimeoutMs(): number {
    return (this.options.heartbeatTimeoutSeconds ?? 1200) * 1000;
  }
  get globalTimeoutMs(): number {
    return Math.min(172800, 100 * (this.options.heartbeatTimeoutSeconds ?? 1200)) * 1000;
  }

  desiredStatus(t: SimTask, now = simulatedNow()): string {
    return this.desiredStoppedAt(t, now) !== undefined ? "STOPPED" : "RUNNING";
  }
  private desiredStoppedAt(t: SimTask, now: number): number | undefined {
    const byScheduler = this.drainingAt !== undefined && t.stopRequestedAfterDrainMs !== undefined ? this.drainingAt + t.stopRequestedAfterDrainMs : undefined;
    const at = [byScheduler, t.desiredStoppedAt].filter((x): x is number => x !== undefined && x <= now);
    return at.length > 0 ? Math.min(...at) : undefined;
  }
  lastStatus(t: SimTask, now = simulatedNow()): string {
    const desired = this.desiredStoppedAt(t, now);
    return desired !== undefined && now >= desired + t.stopDurationMs ? "STOPPED" : "RUNNING";
  }
  /** When the last task reached STOPPED (undefined while one is still running). */
  lastStoppedAt(now = simulatedNow()): number | undefined {
    let last = 0;
    for (const t of this.tasks) {
      if (this.lastStatus(t, now) !== "STOPPED") return undefined;
      last = Math.max(last, (this.desiredStoppedAt(t, now) as number) + t.stopDurationMs);
    }
    return last;
  }

  /** Auto Scaling ends the wait on its own: heartbeat timeout, global timeout, or someone else. */
  expire(now = simulatedNow()): void {
    if (this.hook !== "waiting") return;
    const elsewhere = this.options.completedElsewhereAfterMs;
    const ends: [number, HookState][] = [
      [this.lastBeat + this.heartbeatTimeoutMs, "heartbeat-timeout"],
      [T0 + this.globalTimeoutMs, "global-timeout"],
      ...(elsewhere !== undefined ? [[T0 + elsewhere, "completed-elsewhere"] as [number, HookState]] : []),
    ];
    const [at, state] = ends.sort((a, b) => a[0] - b[0])[0];
    if (now >= at) {
      this.hook = state;
      this.hookEndedAt = at;
    }
  }

  private failing(command: string): void {
    this.calls[command] = (this.calls[command] ?? 0) + 1;
    const failure = this.options.failures?.[command];
    if (failure && this.calls[command] <= failure.times) throw failure.error();
  }

  private mock(): void {
    const noAction = () => Object.assign(new Error(`No active Lifecycle Action found with instance ID ${EC2_ID}`), { name: "ValidationError", $metadata: {} });
    this.ecs.on(ListContainerInstancesCommand).callsFake((input) => {
      this.failing("ListContainerInstances");
      expect(input).toEqual({ cluster: CLUSTER, filter: `ec2InstanceId == ${EC2_ID}` });
      return { containerInstanceArns: this.options.registered === false ? [] : [CI_ARN] };
    });
    this.ecs.on(DescribeContainerInstancesCommand).callsFake(() => {
      this.failing("DescribeContainerInstances");
      // runningTasksCount counts tasks whose *desired* status is RUNNING (API_ContainerInstance).
      const running = this.tasks.filter((t) => this.desiredStatus(t) === "RUNNING").length;
      return {
        containerInstances: [{ containerInstanceArn: CI_ARN, ec2InstanceId: EC2_ID, status: this.status, agentConnected: true, runningTasksCount: running, pendingTasksCount: 0 }],
        failures: [],
      };
    });
    this.ecs.on(UpdateContainerInstancesStateCommand).callsFake((input) => {
      this.failing("UpdateContainerInstancesState");
      expect(input).toEqual({ cluster: CLUSTER, containerInstances: [CI_ARN], status: "DRAINING" });
      this.status = "DRAINING";
      this.drainingAt ??= simulatedNow();
      return { containerInstances: [], failures: [] };
    });
    this.ecs.on(ListTasksCommand).callsFake((input) => {
      this.failing("ListTasks");
      expect(input.containerInstance).toBe(CI_ARN);
      return { taskArns: this.tasks.filter((t) => this.desiredStatus(t) === input.desiredStatus).map((t) => t.arn) };
    });
    this.ecs.on(DescribeTasksCommand).callsFake((input) => {
      this.failing("DescribeTasks");
      const tasks = this.tasks.filter((t) => input.tasks?.includes(t.arn));
      return { tasks: tasks.map((t) => ({ taskArn: t.arn, group: t.group, lastStatus: this.lastStatus(t), desiredStatus: this.desiredStatus(t) })), failures: [] };
    });
    this.ecs.on(StopTaskCommand).callsFake((input) => {
      this.failing("StopTask");
      const task = this.tasks.find((t) => t.arn === input.task)!;
      task.desiredStoppedAt ??= simulatedNow();
      this.stopTaskAt.push(simulatedNow());
      return { task: { taskArn: task.arn } };
    });
    this.autoscaling.on(RecordLifecycleActionHeartbeatCommand).callsFake((input) => {
      this.failing("RecordLifecycleActionHeartbeat");
      expect(input).toEqual(expect.objectContaining({ AutoScalingGroupName: ASG, LifecycleHookName: HOOK, InstanceId: EC2_ID }));
      this.expire();
      if (this.hook !== "waiting") throw noAction();
      this.lastBeat = simulatedNow();
      this.heartbeats++;
      return {};
    });
    this.autoscaling.on(CompleteLifecycleActionCommand).callsFake((input) => {
      this.failing("CompleteLifecycleAction");
      expect(input).toEqual(expect.objectContaining({ AutoScalingGroupName: ASG, LifecycleHookName: HOOK, InstanceId: EC2_ID, LifecycleActionResult: "CONTINUE" }));
      this.expire();
      if (this.hook !== "waiting") throw noAction();
      this.hook = "completed";
      this.hookEndedAt = simulatedNow();
      this.openAtCompletion = this.tasks.filter((t) => this.lastStatus(t) !== "STOPPED").map((t) => t.id);
      return {};
    });
    this.sqs.on(SendMessageCommand).callsFake((input) => {
      this.failing("SendMessage");
      expect(input.QueueUrl).toBe(QUEUE_URL);
      this.queue.push({ body: input.MessageBody!, visibleAt: simulatedNow() + (input.DelaySeconds ?? 0) * 1000, receiveCount: 0 });
      return { MessageId: `m-${this.queue.length}` };
    });
    this.sns.on(PublishCommand).callsFake((input) => {
      this.failing("Publish");
      this.published.push({ Subject: input.Subject, Message: input.Message, at: simulatedNow() });
      return { MessageId: "sns-1" };
    });
  }

  /** Delivers the lifecycle action, then every message the queue makes visible, until none is left. */
  async run(limitMs = 60 * 60 * 60_000): Promise<void> {
    process.env.CLUSTER_NAME = CLUSTER;
    process.env.ASG_NAME = ASG;
    process.env.HOOK_NAME = HOOK;
    process.env.QUEUE_URL = QUEUE_URL;
    process.env.HEARTBEAT_TIMEOUT_SECONDS = String(this.options.heartbeatTimeoutSeconds ?? 1200);
    process.env.POLL_INTERVAL_SECONDS = String(this.options.pollIntervalSeconds ?? 30);
    process.env.MAX_RECEIVE_COUNT = String(MAX_RECEIVE_COUNT);
    process.env.STANDALONE_TASKS = this.options.standaloneTasks ?? "wait";
    if (this.options.alertTopic) process.env.ALERT_TOPIC_ARN = TOPIC;
    else delete process.env.ALERT_TOPIC_ARN;

    this.queue.push({ body: JSON.stringify(lifecycleEvent()), visibleAt: T0, receiveCount: 0 });
    while (this.queue.length > 0 && simulatedNow() < T0 + limitMs) {
      this.queue.sort((a, b) => a.visibleAt - b.visibleAt);
      const message = this.queue.shift()!;
      if (message.visibleAt > simulatedNow()) await jest.advanceTimersByTimeAsync(message.visibleAt - simulatedNow());
      this.expire();
      message.receiveCount++;
      this.invocations++;
      const record = { messageId: `m${this.invocations}`, body: message.body, attributes: { ApproximateReceiveCount: String(message.receiveCount) } };
      let settled = false;
      let failed = false;
      const invocation = handler({ Records: [record] } as never).then(
        () => (settled = true),
        () => {
          failed = true;
          settled = true;
        },
      );
      while (!settled) await jest.advanceTimersByTimeAsync(100);
      await invocation;
      if (failed) {
        this.failedInvocations++;
        if (message.receiveCount >= MAX_RECEIVE_COUNT) this.deadLetters.push(message);
        else this.queue.push({ ...message, visibleAt: simulatedNow() + VISIBILITY_TIMEOUT_MS });
      }
    }
    this.expire();
  }
}
