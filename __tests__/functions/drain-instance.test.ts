import * as fs from "fs";
import * as path from "path";
import {
  ContainerInstanceSummary,
  DrainAutoScalingClient,
  DrainEcsClient,
  LifecycleActionEvent,
  STOP_TASK_REASON,
  TaskSummary,
  drainInstance,
  handler,
} from "../../functions/drain-instance/index";

const fixture = (name: string): LifecycleActionEvent =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));

const CLUSTER = "prod-ec2";
const ARN = "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315";
const EC2_ID = "i-0f3a8506b1c2d3e4f";

interface Call {
  op: string;
  input: Record<string, unknown>;
}

/** Recording fakes returning recorded-shape ECS / Auto Scaling responses. */
function fakes(opts: {
  registered: boolean;
  states?: Array<Pick<ContainerInstanceSummary, "status" | "runningTasksCount" | "pendingTasksCount">>;
  /** Tasks on the instance as seen after the n-th DescribeContainerInstances call (the last one repeats). */
  tasks?: TaskSummary[][];
}) {
  const calls: Call[] = [];
  const snapshot = (): TaskSummary[] => {
    const n = Math.max(0, calls.filter((c) => c.op === "DescribeContainerInstances").length - 1);
    const all = opts.tasks ?? [[]];
    return all[Math.min(n, all.length - 1)];
  };
  const states = [...(opts.states ?? [])];
  let status = states[0]?.status ?? "ACTIVE";
  const instance = (): ContainerInstanceSummary => {
    const s = states.length > 1 ? states.shift()! : states[0];
    return {
      containerInstanceArn: ARN,
      ec2InstanceId: EC2_ID,
      status: status === "DRAINING" ? "DRAINING" : s.status,
      agentConnected: true,
      runningTasksCount: s.runningTasksCount,
      pendingTasksCount: s.pendingTasksCount,
    };
  };
  const ecs: DrainEcsClient = {
    listContainerInstances: async (input) => {
      calls.push({ op: "ListContainerInstances", input });
      return opts.registered ? { containerInstanceArns: [ARN] } : { containerInstanceArns: [] };
    },
    describeContainerInstances: async (input) => {
      calls.push({ op: "DescribeContainerInstances", input });
      return { containerInstances: [instance()], failures: [] };
    },
    updateContainerInstancesState: async (input) => {
      calls.push({ op: "UpdateContainerInstancesState", input });
      status = "DRAINING";
      return { containerInstances: [{ containerInstanceArn: ARN, ec2InstanceId: EC2_ID, status: "DRAINING" }], failures: [] };
    },
    listTasks: async (input) => {
      calls.push({ op: "ListTasks", input });
      return { taskArns: snapshot().filter((t) => (t.desiredStatus ?? "RUNNING") === (input.desiredStatus ?? "RUNNING")).map((t) => t.taskArn!) };
    },
    describeTasks: async (input) => {
      calls.push({ op: "DescribeTasks", input });
      const byArn = new Map(snapshot().map((t) => [t.taskArn!, t]));
      return {
        tasks: input.tasks.filter((a) => byArn.has(a)).map((a) => ({ clusterArn: `arn:aws:ecs:us-west-2:111122223333:cluster/${CLUSTER}`, containerInstanceArn: ARN, launchType: "EC2", ...byArn.get(a)! })),
        failures: input.tasks.filter((a) => !byArn.has(a)).map((a) => ({ arn: a, reason: "MISSING" })),
      };
    },
    stopTask: async (input) => {
      calls.push({ op: "StopTask", input });
      return { task: { taskArn: input.task, desiredStatus: "STOPPED", lastStatus: "RUNNING", stoppedReason: input.reason } };
    },
  };
  const autoscaling: DrainAutoScalingClient = {
    completeLifecycleAction: async (input) => {
      calls.push({ op: "CompleteLifecycleAction", input: { ...input } });
      return {};
    },
    recordLifecycleActionHeartbeat: async (input) => {
      calls.push({ op: "RecordLifecycleActionHeartbeat", input: { ...input } });
      return {};
    },
  };
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const ops = (name: string) => calls.filter((c) => c.op === name);
  return { calls, ops, ecs, autoscaling, sleep, sleeps, now: () => clock, log: () => undefined, clockStart: 1_000_000 };
}

describe("drain-instance", () => {
  const event = fixture("lifecycle-terminate.json");

  it("completes immediately when the instance is not registered in the cluster", async () => {
    const f = fakes({ registered: false });
    const result = await drainInstance(event, f, { clusterName: CLUSTER });

    expect(result.outcome).toBe("completed");
    expect(f.calls.map((c) => c.op)).toEqual(["ListContainerInstances", "CompleteLifecycleAction"]);
    expect(f.calls[0].input).toEqual({ cluster: CLUSTER, filter: `ec2InstanceId == ${EC2_ID}` });
    expect(f.calls[1].input).toEqual({
      AutoScalingGroupName: "prod-ec2-asg",
      LifecycleHookName: "drain-before-terminate",
      LifecycleActionToken: "87654321-4321-4321-4321-210987654321",
      InstanceId: EC2_ID,
      LifecycleActionResult: "CONTINUE",
    });
    expect(f.sleeps).toEqual([]);
  });

  it("sets DRAINING once, polls 2 -> 1 -> 0 tasks, heartbeats, then completes with CONTINUE once", async () => {
    const f = fakes({
      registered: true,
      states: [
        { status: "ACTIVE", runningTasksCount: 2, pendingTasksCount: 0 },
        { status: "DRAINING", runningTasksCount: 1, pendingTasksCount: 0 },
        { status: "DRAINING", runningTasksCount: 0, pendingTasksCount: 0 },
      ],
    });
    const result = await drainInstance(event, { ...f, getRemainingTimeInMillis: () => 900_000 - (f.now() - f.clockStart) }, {
      clusterName: CLUSTER,
      heartbeatIntervalMs: 10_000,
    });

    expect(result).toMatchObject({ outcome: "completed", containerInstanceArn: ARN, polls: 2, heartbeats: 2 });
    expect(f.ops("UpdateContainerInstancesState")).toHaveLength(1);
    expect(f.ops("UpdateContainerInstancesState")[0].input).toEqual({ cluster: CLUSTER, containerInstances: [ARN], status: "DRAINING" });
    expect(f.ops("DescribeContainerInstances")).toHaveLength(3);
    expect(f.ops("DescribeContainerInstances")[0].input).toEqual({ cluster: CLUSTER, containerInstances: [ARN] });
    expect(f.ops("RecordLifecycleActionHeartbeat")).toHaveLength(2);
    expect(f.ops("RecordLifecycleActionHeartbeat")[0].input).toMatchObject({ AutoScalingGroupName: "prod-ec2-asg", LifecycleHookName: "drain-before-terminate" });
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(1);
    expect(f.ops("CompleteLifecycleAction")[0].input.LifecycleActionResult).toBe("CONTINUE");
    expect(f.calls[f.calls.length - 1].op).toBe("CompleteLifecycleAction");
    expect(f.sleeps).toEqual([10_000, 10_000]);
  });

  it("does not call UpdateContainerInstancesState when the instance is already DRAINING", async () => {
    const f = fakes({
      registered: true,
      states: [
        { status: "DRAINING", runningTasksCount: 1, pendingTasksCount: 1 },
        { status: "DRAINING", runningTasksCount: 0, pendingTasksCount: 0 },
      ],
    });
    const result = await drainInstance(event, f, { clusterName: CLUSTER });

    expect(result.outcome).toBe("completed");
    expect(f.ops("UpdateContainerInstancesState")).toHaveLength(0);
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(1);
  });

  it("ignores other transitions without any API call", async () => {
    const f = fakes({ registered: true, states: [{ status: "ACTIVE", runningTasksCount: 1, pendingTasksCount: 0 }] });
    const result = await drainInstance(fixture("lifecycle-launch.json"), f, { clusterName: CLUSTER });

    expect(result.outcome).toBe("ignored");
    expect(f.calls).toEqual([]);
  });

  it("ignores events of another Auto Scaling group when ASG_NAME is set", async () => {
    const f = fakes({ registered: true, states: [{ status: "ACTIVE", runningTasksCount: 1, pendingTasksCount: 0 }] });
    const result = await drainInstance(event, f, { clusterName: CLUSTER, asgName: "other-asg" });

    expect(result.outcome).toBe("ignored");
    expect(f.calls).toEqual([]);
  });

  it("does not complete when time runs out; records a heartbeat and reports timed-out", async () => {
    const f = fakes({ registered: true, states: [{ status: "ACTIVE", runningTasksCount: 3, pendingTasksCount: 0 }] });
    // 60 s left at start; each fake sleep consumes 10 s; margin 15 s -> gives up when < 25 s remain.
    const remaining = () => 60_000 - (f.now() - f.clockStart);
    const result = await drainInstance(event, { ...f, getRemainingTimeInMillis: remaining }, { clusterName: CLUSTER });

    expect(result.outcome).toBe("timed-out");
    expect(result.polls).toBe(4);
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(0);
    expect(f.ops("UpdateContainerInstancesState")).toHaveLength(1);
    expect(f.ops("RecordLifecycleActionHeartbeat").length).toBeGreaterThanOrEqual(1);
    expect(f.calls[f.calls.length - 1].op).toBe("RecordLifecycleActionHeartbeat");
  });

  it("treats 'No active Lifecycle Action found' on completion as already completed", async () => {
    const f = fakes({ registered: false });
    f.autoscaling.completeLifecycleAction = async () => {
      throw new Error("No active Lifecycle Action found with token 87654321-4321-4321-4321-210987654321");
    };
    const result = await drainInstance(event, f, { clusterName: CLUSTER });
    expect(result.outcome).toBe("already-completed");
  });

  it("throws when UpdateContainerInstancesState reports a failure, without completing", async () => {
    const f = fakes({ registered: true, states: [{ status: "ACTIVE", runningTasksCount: 1, pendingTasksCount: 0 }] });
    f.ecs.updateContainerInstancesState = async () => ({ containerInstances: [], failures: [{ arn: ARN, reason: "MISSING" }] });
    await expect(drainInstance(event, f, { clusterName: CLUSTER })).rejects.toThrow(/MISSING/);
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(0);
  });
});

describe("drain-instance standalone tasks", () => {
  const event = fixture("lifecycle-terminate.json");
  const task = (id: string) => `arn:aws:ecs:us-west-2:111122223333:task/${CLUSTER}/${id}`;
  const WEB = task("0a1b2c3d4e5f40718293a4b5c6d7e8f9");
  const NIGHTLY = task("1b2c3d4e5f6a41829304b5c6d7e8f9a0");
  const REPORT = task("2c3d4e5f6a7b4293a415c6d7e8f9a0b1");
  const web = (lastStatus: string, desiredStatus = "RUNNING"): TaskSummary => ({ taskArn: WEB, group: "service:web", lastStatus, desiredStatus });
  const nightly = (lastStatus: string, desiredStatus = "RUNNING"): TaskSummary => ({ taskArn: NIGHTLY, group: "family:nightly-batch", lastStatus, desiredStatus });
  const report = (lastStatus: string, desiredStatus = "RUNNING"): TaskSummary => ({ taskArn: REPORT, group: "family:report", lastStatus, desiredStatus });

  // A host with one service task and two standalone tasks (one still PENDING).
  const scenario = () =>
    fakes({
      registered: true,
      states: [
        { status: "ACTIVE", runningTasksCount: 2, pendingTasksCount: 1 },
        { status: "DRAINING", runningTasksCount: 3, pendingTasksCount: 0 }, // web is being replaced (deregistration delay)
        { status: "DRAINING", runningTasksCount: 2, pendingTasksCount: 0 }, // web gone: only standalone tasks left
        { status: "DRAINING", runningTasksCount: 1, pendingTasksCount: 0 }, // nightly still stopping
        { status: "DRAINING", runningTasksCount: 0, pendingTasksCount: 0 },
      ],
      tasks: [
        [web("RUNNING"), nightly("RUNNING"), report("PENDING")],
        [web("RUNNING", "STOPPED"), nightly("RUNNING"), report("RUNNING")],
        [web("STOPPED", "STOPPED"), nightly("RUNNING"), report("RUNNING")],
        // The stopped task may still be listed as desired RUNNING for a moment: it must not be stopped twice.
        [web("STOPPED", "STOPPED"), nightly("RUNNING")],
        [],
      ],
    });

  it("stop: waits for service tasks, stops each standalone task once, then completes when the counts reach 0", async () => {
    const f = scenario();
    const result = await drainInstance(event, f, { clusterName: CLUSTER, standaloneTasks: "stop" });

    expect(result).toMatchObject({ outcome: "completed", polls: 4 });
    expect(f.ops("StopTask").map((c) => c.input)).toEqual([
      { cluster: CLUSTER, task: NIGHTLY, reason: STOP_TASK_REASON },
      { cluster: CLUSTER, task: REPORT, reason: STOP_TASK_REASON },
    ]);
    expect(STOP_TASK_REASON).toBe("Host is being terminated by Auto Scaling (drain hook)");
    expect(f.ops("StopTask").some((c) => c.input.task === WEB)).toBe(false);
    // No StopTask while the service task was still on the host (initial check and poll 1).
    const order = f.calls.map((c) => c.op).filter((op) => op === "DescribeContainerInstances" || op === "StopTask");
    expect(order).toEqual(["DescribeContainerInstances", "DescribeContainerInstances", "DescribeContainerInstances", "StopTask", "StopTask", "DescribeContainerInstances", "DescribeContainerInstances"]);
    expect(f.ops("ListTasks")[0].input).toEqual({ cluster: CLUSTER, containerInstance: ARN, desiredStatus: "RUNNING" });
    expect(f.ops("ListTasks").map((c) => c.input.desiredStatus).slice(0, 3)).toEqual(["RUNNING", "PENDING", "STOPPED"]);
    expect(f.ops("DescribeTasks")[0].input).toEqual({ cluster: CLUSTER, tasks: [WEB, NIGHTLY, REPORT] });
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(1);
    expect(f.calls[f.calls.length - 1].op).toBe("CompleteLifecycleAction");
  });

  it("stop: never stops anything while a service task remains, and leaves the action open when time runs out", async () => {
    const f = fakes({
      registered: true,
      states: [{ status: "DRAINING", runningTasksCount: 2, pendingTasksCount: 0 }],
      tasks: [[web("RUNNING"), nightly("RUNNING")]],
    });
    const remaining = () => 60_000 - (f.now() - f.clockStart);
    const result = await drainInstance(event, { ...f, getRemainingTimeInMillis: remaining }, { clusterName: CLUSTER, standaloneTasks: "stop" });

    expect(result.outcome).toBe("timed-out");
    expect(f.ops("ListTasks").length).toBeGreaterThan(0);
    expect(f.ops("StopTask")).toHaveLength(0);
    expect(f.ops("CompleteLifecycleAction")).toHaveLength(0);
  });

  it("wait (default): never lists or stops tasks and completes once the standalone tasks end by themselves", async () => {
    for (const standaloneTasks of [undefined, "wait"] as const) {
      const f = scenario();
      const result = await drainInstance(event, f, { clusterName: CLUSTER, standaloneTasks });
      expect(result).toMatchObject({ outcome: "completed", polls: 4 });
      expect(f.ops("StopTask")).toHaveLength(0);
      expect(f.ops("ListTasks")).toHaveLength(0);
      expect(f.ops("DescribeTasks")).toHaveLength(0);
    }
  });

  it("stop: refuses an ECS client without the task methods", async () => {
    const f = scenario();
    const ecs = { ...f.ecs };
    delete ecs.listTasks;
    delete ecs.describeTasks;
    delete ecs.stopTask;
    await expect(drainInstance(event, { ...f, ecs }, { clusterName: CLUSTER, standaloneTasks: "stop" })).rejects.toThrow(/listTasks, describeTasks and stopTask/);
    expect(f.calls).toEqual([]);
  });
});

describe("drain-instance handler", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("requires CLUSTER_NAME", async () => {
    delete process.env.CLUSTER_NAME;
    await expect(handler(fixture("lifecycle-terminate.json"))).rejects.toThrow(/CLUSTER_NAME/);
  });

  it("returns ignored for a launch transition without creating clients", async () => {
    process.env.CLUSTER_NAME = CLUSTER;
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const result = await handler(fixture("lifecycle-launch.json"), { getRemainingTimeInMillis: () => 900_000 });
    expect(result.outcome).toBe("ignored");
    const line = JSON.parse(String(log.mock.calls[0][0]));
    expect(line).toMatchObject({ fn: "drain-instance", step: "ignore" });
    log.mockRestore();
  });
});
