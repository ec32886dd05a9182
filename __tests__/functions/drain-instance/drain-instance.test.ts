/**
 * Drain scenarios over simulated time (jest fake timers): ECS, Auto Scaling, SQS and SNS are
 * answered by a simulated world (./world.ts) through aws-sdk-client-mock. Each scenario
 * asserts when the lifecycle action ends and that no task on the host is still running then.
 */
import "aws-sdk-client-mock-jest";
import { CompleteLifecycleActionCommand, RecordLifecycleActionHeartbeatCommand } from "@aws-sdk/client-auto-scaling";
import { ListTasksCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { PublishCommand } from "@aws-sdk/client-sns";
import { globalTimeoutSeconds, timeoutAlertText } from "../../../functions/drain-instance/drain";
import { STOP_TASK_REASON } from "../../../functions/drain-instance/ecs";
import { ignoreReason, readMessage } from "../../../functions/drain-instance/message";
import { CI_ARN, EC2_ID, T0, TOPIC, World, awsError, lifecycleEvent, simulatedNow, throttling } from "./world";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const POLL = 30 * SECOND;

let world: World | undefined;
beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => {
  for (const client of [world?.ecs, world?.autoscaling, world?.sqs, world?.sns]) client?.restore();
  world = undefined;
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function start(options: ConstructorParameters<typeof World>[0]): World {
  world = new World(options);
  return world;
}

/** The action was completed by the function, after every task stopped, within one poll (plus API time) of the last stop. */
function expectCompletedAfterLastStop(w: World): void {
  expect(w.hook).toBe("completed");
  expect(w.openAtCompletion).toEqual([]);
  const lastStop = w.lastStoppedAt(w.hookEndedAt)!;
  expect(w.hookEndedAt!).toBeGreaterThanOrEqual(lastStop);
  expect(w.hookEndedAt! - lastStop).toBeLessThanOrEqual(POLL + 5 * SECOND);
  expect(w.queue).toEqual([]);
  expect(w.deadLetters).toEqual([]);
}

describe("drain-instance scenarios", () => {
  test("two service tasks stopping at different times through the deregistration delay: completes only after the later one is STOPPED", async () => {
    const w = start({
      tasks: [
        { id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 2 * SECOND, stopDurationMs: 5 * MINUTE },
        { id: "api-1", group: "service:api", stopRequestedAfterDrainMs: 40 * SECOND, stopDurationMs: 30 * SECOND },
      ],
    });
    await w.run();
    expectCompletedAfterLastStop(w);
    // web-1 stops last: 2 s after DRAINING plus its 300 s deregistration delay.
    expect(w.lastStoppedAt()).toBe(w.drainingAt! + 2 * SECOND + 5 * MINUTE);
    // Both tasks had desired status STOPPED (runningTasksCount 0) for minutes before this.
    expect(w.hookEndedAt! - (w.drainingAt! + 40 * SECOND)).toBeGreaterThan(4 * MINUTE);
  });

  test("a task that takes longer than one function timeout (25 min): heartbeats hold the host, completes after it is STOPPED", async () => {
    const w = start({ tasks: [{ id: "batch-1", group: "service:batch", stopRequestedAfterDrainMs: 0, stopDurationMs: 25 * MINUTE }] });
    await w.run();
    expectCompletedAfterLastStop(w);
    expect(w.hookEndedAt! - T0).toBeGreaterThanOrEqual(25 * MINUTE);
    // 1200 s heartbeat timeout, a heartbeat every half of it: at 10 and 20 minutes.
    expect(w.heartbeats).toBe(2);
    expect(w.autoscaling).toHaveReceivedCommandTimes(RecordLifecycleActionHeartbeatCommand, 2);
  });

  test("an instance never registered in ECS: completes at once", async () => {
    const w = start({ registered: false });
    await w.run();
    expect(w.hook).toBe("completed");
    expect(w.hookEndedAt).toBe(T0);
    expect(w.openAtCompletion).toEqual([]);
    expect(w.invocations).toBe(1);
    expect(w.ecs).not.toHaveReceivedCommand(ListTasksCommand);
  });

  test("an empty host: DRAINING, then completed on the first poll", async () => {
    const w = start({ tasks: [] });
    await w.run();
    expect(w.status).toBe("DRAINING");
    expect(w.hook).toBe("completed");
    expect(w.hookEndedAt).toBe(T0);
  });

  test("the hook completed by someone else mid-drain: the function stops quietly, never completes it, leaves nothing queued", async () => {
    const w = start({
      tasks: [{ id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 30 * MINUTE }],
      completedElsewhereAfterMs: 5 * MINUTE,
    });
    await w.run();
    expect(w.hook).toBe("completed-elsewhere");
    expect(w.hookEndedAt).toBe(T0 + 5 * MINUTE);
    expect(w.failedInvocations).toBe(0);
    expect(w.queue).toEqual([]);
    expect(w.deadLetters).toEqual([]);
    // The next heartbeat (due 10 minutes in) learns it: no poll after that.
    expect(simulatedNow() - T0).toBeLessThanOrEqual(10 * MINUTE + POLL);
    expect(w.autoscaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 0);
  });

  test("the hook completed by someone else just before the tasks stop: CompleteLifecycleAction's ValidationError ends the drain quietly", async () => {
    const w = start({
      tasks: [{ id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 3 * MINUTE }],
      completedElsewhereAfterMs: 2 * MINUTE,
    });
    await w.run();
    expect(w.hook).toBe("completed-elsewhere");
    expect(w.autoscaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 1);
    expect(w.openAtCompletion).toBeUndefined();
    expect(w.failedInvocations).toBe(0);
    expect(w.queue).toEqual([]);
    expect(simulatedNow() - T0).toBeLessThanOrEqual(3 * MINUTE + POLL + 5 * SECOND);
  });

  test.each([
    "ListContainerInstances",
    "DescribeContainerInstances",
    "UpdateContainerInstancesState",
    "ListTasks",
    "DescribeTasks",
    "RecordLifecycleActionHeartbeat",
    "CompleteLifecycleAction",
    "SendMessage",
  ])("%s throttled 3 times: retried with backoff inside the invocation, the drain ends as without throttling", async (command) => {
    const w = start({
      tasks: [{ id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 11 * MINUTE }],
      failures: { [command]: { times: 3, error: throttling } },
    });
    await w.run();
    expectCompletedAfterLastStop(w);
    expect(w.failedInvocations).toBe(0);
  });

  test("ECS throttled past the in-function retries: the poll comes back from the queue, the heartbeat still lands in time", async () => {
    const w = start({
      tasks: [{ id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 15 * MINUTE }],
      failures: { DescribeTasks: { times: 6, error: throttling } },
    });
    await w.run();
    expect(w.failedInvocations).toBe(1);
    expectCompletedAfterLastStop(w);
  });

  test("a check that keeps failing (AccessDenied): 5 deliveries, then the dead-letter queue and one alert saying so", async () => {
    const w = start({
      alertTopic: true,
      tasks: [{ id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 1 * MINUTE }],
      failures: { DescribeTasks: { times: 1000, error: awsError("AccessDeniedException", "not authorized to perform: ecs:DescribeTasks") } },
    });
    await w.run();
    expect(w.failedInvocations).toBe(5);
    expect(w.deadLetters).toHaveLength(1);
    expect(w.autoscaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 0);
    expect(w.published).toHaveLength(1);
    expect(w.published[0].Subject).toBe("prod-ec2: drain function failing, message to DLQ");
    expect(w.published[0].Message).toContain(`EC2 instance ${EC2_ID} failed 5 times`);
    expect(w.published[0].Message).toContain("AccessDeniedException: not authorized to perform: ecs:DescribeTasks");
    // Nothing holds the host any more: the hook's heartbeat timeout applies its default result.
    w.expire(T0 + 20 * MINUTE);
    expect(w.hook).toBe("heartbeat-timeout");
  });

  test("a standalone task that never ends (wait): heartbeats to the global timeout, alerts with instance and task first, never completes", async () => {
    const heartbeatTimeoutSeconds = 300;
    const w = start({
      heartbeatTimeoutSeconds,
      alertTopic: true,
      tasks: [
        { id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 30 * SECOND },
        { id: "report-1", group: "family:nightly-report", stopDurationMs: 30 * SECOND },
      ],
    });
    await w.run();
    const deadline = T0 + globalTimeoutSeconds(heartbeatTimeoutSeconds) * SECOND;
    // "The maximum is 172800 seconds (48 hours) or 100 times HeartbeatTimeout, whichever is smaller."
    expect(w.hook).toBe("global-timeout");
    expect(w.hookEndedAt).toBe(deadline);
    expect(w.autoscaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 0);
    expect(w.published).toHaveLength(1);
    const [alert] = w.published;
    expect(alert.at).toBeLessThan(deadline);
    expect(deadline - alert.at).toBeLessThanOrEqual(15 * MINUTE);
    expect(alert.Subject).toBe(`prod-ec2: drain of ${EC2_ID} times out in 15 min`);
    expect(alert.Message).toContain("arn:aws:ecs:us-west-2:111122223333:task/prod-ec2/report-1 (family:nightly-report, lastStatus RUNNING");
    expect(alert.Message).toContain(CI_ARN);
    expect(w.sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC });
    expect(w.ecs).not.toHaveReceivedCommand(StopTaskCommand);
    // The chain ends once Auto Scaling no longer knows the action.
    expect(w.queue).toEqual([]);
    expect(simulatedNow() - deadline).toBeLessThanOrEqual(POLL + 5 * SECOND);
  });

  test("a standalone task that never ends (stop): stopped once the service tasks are gone, completed after it is STOPPED", async () => {
    const w = start({
      standaloneTasks: "stop",
      tasks: [
        { id: "web-1", group: "service:web", stopRequestedAfterDrainMs: 0, stopDurationMs: 2 * MINUTE },
        { id: "report-1", group: "family:nightly-report", stopDurationMs: 45 * SECOND },
      ],
    });
    await w.run();
    expectCompletedAfterLastStop(w);
    expect(w.ecs).toHaveReceivedCommandTimes(StopTaskCommand, 1);
    expect(w.ecs).toHaveReceivedCommandWith(StopTaskCommand, { task: expect.stringContaining("report-1"), reason: STOP_TASK_REASON });
    // Not before web-1 was STOPPED (2 minutes after DRAINING), and at the first poll after that.
    expect(w.stopTaskAt[0]).toBeGreaterThanOrEqual(w.drainingAt! + 2 * MINUTE);
    expect(w.stopTaskAt[0] - (w.drainingAt! + 2 * MINUTE)).toBeLessThanOrEqual(POLL + 5 * SECOND);
  });

  test("StopTask failing once: asked again on the next poll, completed after the task is STOPPED", async () => {
    const w = start({
      standaloneTasks: "stop",
      tasks: [{ id: "report-1", group: "family:nightly-report", stopDurationMs: 20 * SECOND }],
      failures: { StopTask: { times: 1, error: awsError("ClientException", "The referenced task was not found in the cluster's internal state yet") } },
    });
    await w.run();
    expectCompletedAfterLastStop(w);
    expect(w.ecs).toHaveReceivedCommandTimes(StopTaskCommand, 2);
    expect(w.hookEndedAt! - T0).toBeGreaterThanOrEqual(POLL + 20 * SECOND);
  });
});

describe("drain-instance messages", () => {
  test("ignores another group's or another hook's actions (the rule matches detail.LifecycleHookName too)", () => {
    const event = lifecycleEvent();
    expect(ignoreReason(event, { asgName: "prod-ec2-asg", hookName: "drain-ecs-tasks" })).toBeUndefined();
    expect(ignoreReason(event, { hookName: "other-hook" })).toBe("hook drain-ecs-tasks is not other-hook");
    expect(ignoreReason(event, { asgName: "other-asg" })).toBe("group prod-ec2-asg is not other-asg");
    expect(ignoreReason({ ...event, detail: { ...event.detail, LifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING" } }, {})).toMatch(/LAUNCHING/);
  });

  test("starts the wait at the event time and carries the state in continuations", () => {
    const first = readMessage(JSON.stringify(lifecycleEvent()), T0 + 5 * SECOND)!;
    expect(first.state).toEqual({ startedAt: T0, lastHeartbeatAt: T0, polls: 0, stopRequests: {}, alerted: false });
    const again = readMessage(JSON.stringify({ kind: "drain-continuation", event: first.event, state: { ...first.state, polls: 3 } }), T0)!;
    expect(again.state.polls).toBe(3);
    expect(readMessage("not json", T0)).toBeUndefined();
  });

  // SNS Publish: subjects must be "less than 100 characters long".
  test("keeps the timeout alert's subject under 100 characters with the reason whole", () => {
    const { subject } = timeoutAlertText({ clusterName: "c".repeat(120) }, { instanceId: EC2_ID, containerInstanceArn: CI_ARN, open: [], secondsLeft: 900 });
    expect(subject.length).toBeLessThan(100);
    expect(subject.endsWith(`: drain of ${EC2_ID} times out in 15 min`)).toBe(true);
  });
});
