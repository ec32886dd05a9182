/**
 * Task and agent alerts. Event shapes are the examples of "Amazon ECS events"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html) in ./fixtures;
 * every AWS call goes through aws-sdk-client-mock.
 */
import "aws-sdk-client-mock-jest";
import * as fs from "node:fs";
import * as path from "node:path";
import { AutoScalingClient, DescribeAutoScalingInstancesCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeContainerInstancesCommand, ECSClient, PutAttributesCommand } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import {
  ContainerInstanceStateDetail,
  EcsEvent,
  LEFT_ACTIVE_MARK,
  SUBJECT_MAX,
  TaskStateDetail,
  classifyDisconnect,
  classifyLeftActive,
  classifyTask,
  exitCodeHint,
  forgetSeenEvents,
  formatTaskAlert,
  handler,
  logStreamUrl,
  consoleTaskUrl,
  ruleOfRecord,
  subjectLine,
} from "../../../functions/task-alert/index";

const fixture = (name: string): EcsEvent => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
const task = (name: string) => fixture(name) as EcsEvent & { detail: TaskStateDetail };
const TOPIC = "arn:aws:sns:us-west-2:111122223333:prod-ec2-alerts";

describe("task alerts: verdicts on AWS's task state change events", () => {
  it.each([
    ["task-stopped-nonzero-exit.json", "alert: essential container exited with code 1", true, "app exited 1"],
    ["task-stopped-oom.json", "alert: container killed for running out of memory", true, "app OOM-killed"],
    ["task-failed-to-start.json", "alert: task failed to start (CannotPullContainerError)", true, "failed to start"],
    ["task-stopped-health-check.json", "alert: scheduler stopped it after failed ELB health checks", true, "failed ELB health checks"],
    ["task-stopped-normal-exit.json", "no alert: every essential container exited with code 0", false, ""],
    ["task-stopped-deployment.json", "no alert: deployment replaced it", false, ""],
    ["task-stopped-scale-in.json", "no alert: service scale-in", false, ""],
    ["task-stopped-user.json", "no alert: a user stopped it", false, ""],
    ["task-running.json", "no alert: the task is RUNNING, not STOPPED", false, ""],
  ])("%s -> %s", (name, _verdict, alert, short) => {
    const c = classifyTask(task(name).detail, { nonEssentialContainers: ["log-router"] });
    expect(c.alert).toBe(alert);
    expect(c.short).toBe(short);
    if (!alert) expect(c.severity).toBe("none");
  });

  it("no alert when only a non-essential container (family/container) failed; alert when the same name is essential elsewhere", () => {
    const event = task("task-stopped-nonzero-exit.json");
    event.detail.containers![0].exitCode = 0;
    expect(classifyTask(event.detail, { nonEssentialContainers: ["web-app/log-router"] }).alert).toBe(false);
    expect(classifyTask(event.detail, { nonEssentialContainers: ["other-family/log-router"] }).alert).toBe(true);
  });

  it("no alert on SpotInterruption / TerminationNotice; alert on an unknown stop code", () => {
    const event = task("task-stopped-deployment.json");
    for (const stopCode of ["SpotInterruption", "TerminationNotice"]) expect(classifyTask({ ...event.detail, stopCode }).alert).toBe(false);
    expect(classifyTask({ ...event.detail, stopCode: "InfrastructureHealth" })).toEqual(expect.objectContaining({ alert: true, short: "stopped (InfrastructureHealth)" }));
  });
});

describe("agent disconnects: verdicts after the grace period", () => {
  // AWS: the agent "disconnects and reconnects several times per hour as a part of its normal operation".
  const detail = fixture("container-instance-disconnected.json").detail as ContainerInstanceStateDetail;
  it.each([
    ["no alert: reconnected within the grace period", { status: "ACTIVE", agentConnected: true }, false],
    ["no alert: the host was deregistered (scale-in)", { status: "INACTIVE", agentConnected: false }, false],
    ["no alert: the host is deregistering", { status: "DEREGISTERING", agentConnected: false }, false],
    ["no alert: ECS no longer knows the host", undefined, false],
    ["alert: still disconnected on an ACTIVE host", { status: "ACTIVE", agentConnected: false }, true],
    ["alert: still disconnected on a DRAINING host", { status: "DRAINING", agentConnected: false }, true],
  ])("%s", (_verdict, now, alert) => {
    const c = classifyDisconnect(detail, now, 300);
    expect(c.alert).toBe(alert);
    if (alert) expect(c.short).toBe("agent disconnected 5+ min");
  });

  it("no alert for the connected event itself", () => {
    expect(classifyDisconnect(fixture("container-instance-connected.json").detail as ContainerInstanceStateDetail, { agentConnected: true }, 300).alert).toBe(false);
  });
});

describe("hosts that leave ACTIVE: verdicts on the host's Auto Scaling lifecycle state", () => {
  // A scale-in, an instance refresh, the drain hook and managed draining all take the host away while
  // Auto Scaling has it in a Terminating state (Amazon EC2 Auto Scaling instance lifecycle:
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-lifecycle.html).
  const draining = fixture("container-instance-draining.json").detail as ContainerInstanceStateDetail;
  const deregistered = fixture("container-instance-deregistered.json").detail as ContainerInstanceStateDetail;
  const now = new Date("2026-03-04T11:03:00Z");
  const group = (lifecycleState: string) => ({ autoScalingGroupName: "prod-ec2-default", lifecycleState });
  it.each([
    ["no alert: DRAINING while Terminating:Wait (drain hook, managed draining, refresh)", draining, group("Terminating:Wait"), false],
    ["no alert: DRAINING while Terminating:Proceed", draining, group("Terminating:Proceed"), false],
    ["no alert: DRAINING after the operator put it in Standby", draining, group("Standby"), false],
    ["no alert: DRAINING while the operator detaches it", draining, group("Detaching"), false],
    ["no alert: deregistered and no group lists it any more (terminated through its group)", deregistered, undefined, false],
    ["no alert: deregistered while Terminating", deregistered, group("Terminating"), false],
    ["alert: DRAINING while the group has it InService (drained by hand)", draining, group("InService"), true],
    ["alert: deregistered while the group has it InService", deregistered, group("InService"), true],
    ["alert: DRAINING while still Pending in its group", draining, group("Pending:Wait"), true],
  ])("%s", (_verdict, detail, inGroup, alert) => {
    const c = classifyLeftActive(detail, inGroup, now);
    expect(c.alert).toBe(alert);
    if (alert) expect(c.reason).toContain("prod-ec2-default");
  });

  it("no alert for an ACTIVE host (a task started or stopped on it)", () => {
    expect(classifyLeftActive(fixture("container-instance-connected.json").detail as ContainerInstanceStateDetail, group("InService"), now).alert).toBe(false);
  });

  it("a host marked within the last 12 hours is not alerted again; an older mark no longer silences", () => {
    const marked = (at: string) => ({ ...draining, attributes: [...(draining.attributes ?? []), { name: LEFT_ACTIVE_MARK, value: at }] });
    expect(classifyLeftActive(marked("2026-03-04T11:02:41.000Z"), group("InService"), now).alert).toBe(false);
    expect(classifyLeftActive(marked("2026-03-03T20:00:00.000Z"), group("InService"), now).alert).toBe(true);
    expect(classifyLeftActive(marked("not a time"), group("InService"), now).alert).toBe(true);
  });

  it("the record's queue says which check applies", () => {
    const arn = (name: string) => ({ eventSourceARN: `arn:aws:sqs:us-west-2:111122223333:${name}` });
    expect(ruleOfRecord(arn("prod-ec2-host-left-active.fifo"))).toBe("host-left-active");
    expect(ruleOfRecord(arn("prod-ec2-agent-disconnected.fifo"))).toBe("agent-disconnected");
    expect(ruleOfRecord(arn("prod-ec2-task-stopped.fifo"))).toBe("task-stopped");
    expect(ruleOfRecord(arn("prod-ec2-host-left-active-dlq.fifo"))).toBeUndefined();
    expect(ruleOfRecord({})).toBeUndefined();
  });
});

describe("alert text", () => {
  const oom = task("task-stopped-oom.json");
  const streams = { "web-app": { group: "/ecs/prod-ec2/web", prefix: "web" } };
  const text = formatTaskAlert(oom, classifyTask(oom.detail), { logStreams: streams, ec2InstanceId: "i-0f3a8506b1c2d3e4f" });

  it("subject: service and the short reason first, then the cluster", () => {
    expect(text.subject).toBe("web: app OOM-killed (prod-ec2)");
  });

  it("body: host, image, exit-code hint, log stream link, each said once", () => {
    expect(text.message).toContain("Host:       container instance 6f4b1e7ce2c84c1a9f0a3d2b5e8c7a10, EC2 instance i-0f3a8506b1c2d3e4f");
    expect(text.message).toContain("image:  111122223333.dkr.ecr.us-west-2.amazonaws.com/app:latest@sha256:74b2c6");
    expect(text.message).toContain("exit code 137 (SIGKILL: killed, by the kernel for using too much memory");
    const link = logStreamUrl("us-west-2", "/ecs/prod-ec2/web", "web/app/2c3d4e5f6a7b40718293a4b5c6d7e8f1");
    expect(link).toBe(
      "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups/log-group/$252Fecs$252Fprod-ec2$252Fweb/log-events/web$252Fapp$252F2c3d4e5f6a7b40718293a4b5c6d7e8f1",
    );
    expect(text.message).toContain(`logs:   ${link}`);
    // "OutOfMemoryError: Container killed due to memory usage" appears once, not in every section.
    expect(text.message.split("OutOfMemoryError").length - 1).toBe(1);
  });

  // Console origins: https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html (standard);
  // China and GovCloud have consoles of their own; the isolated partitions' are not on the internet.
  it.each([
    ["us-west-2", "https://us-west-2.console.aws.amazon.com/"],
    ["cn-north-1", "https://console.amazonaws.cn/"],
    ["us-gov-west-1", "https://console.amazonaws-us-gov.com/"],
  ])("console links in %s start with %s", (region, origin) => {
    expect(logStreamUrl(region, "/ecs/x/web", "web/app/1")).toMatch(new RegExp(`^${origin.replace(/[.]/g, "\\.")}cloudwatch/home\\?region=${region}#`));
    expect(consoleTaskUrl(region, "x", "1")).toBe(`${origin}ecs/v2/clusters/x/tasks/1/configuration?region=${region}`);
  });

  it("in an isolated partition the body names the log group and stream, with no console link", () => {
    const event = task("task-stopped-oom.json");
    const iso = formatTaskAlert({ ...event, region: "us-iso-east-1" }, classifyTask(event.detail), { logStreams: { "web-app": { group: "/ecs/prod-ec2/web", prefix: "web" } } });
    expect(iso.message).not.toContain("https://");
    expect(iso.message).toMatch(/logs: {3}\/ecs\/prod-ec2\/web, stream web\/app\//);
  });

  it.each([
    [137, /^SIGKILL/],
    [143, /^SIGTERM/],
    [139, /^SIGSEGV/],
  ])("exit code %d has a hint", (code, hint) => {
    expect(exitCodeHint(code)).toMatch(hint);
  });

  // SNS Publish: subjects must be "less than 100 characters long", one line, no control characters.
  it("never cuts the reason: a long service name is shortened instead, the cluster dropped first", () => {
    const subject = subjectLine("s".repeat(150), "app exited 137", "prod-ec2");
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject.endsWith(": app exited 137")).toBe(true);
    expect(subjectLine("web", "app exited 1", "c".repeat(95))).toBe("web: app exited 1");
    expect(subjectLine("wéb\nx", "app exited 1")).toBe("w?b x: app exited 1");
  });
});

describe("task-alert handler", () => {
  const sns = mockClient(SNSClient);
  const ecs = mockClient(ECSClient);
  const autoScaling = mockClient(AutoScalingClient);
  const record = (event: unknown, id = "m1", queue?: string) => ({
    messageId: id,
    body: JSON.stringify(event),
    attributes: { ApproximateReceiveCount: "1" },
    ...(queue ? { eventSourceARN: `arn:aws:sqs:us-west-2:111122223333:prod-ec2-${queue}.fifo` } : {}),
  });
  const HOST = "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315";
  const inGroup = (LifecycleState: string) =>
    autoScaling
      .on(DescribeAutoScalingInstancesCommand)
      .resolves({ AutoScalingInstances: [{ InstanceId: "i-0f3a8506b1c2d3e4f", AutoScalingGroupName: "prod-ec2-default", LifecycleState } as never] });

  beforeEach(() => {
    sns.reset();
    ecs.reset();
    autoScaling.reset();
    forgetSeenEvents();
    sns.on(PublishCommand).resolves({ MessageId: "sns-1" });
    process.env.TOPIC_ARN = TOPIC;
    process.env.CLUSTER_NAME = "prod-ec2";
    process.env.GRACE_SECONDS = "300";
    process.env.LOG_STREAMS = JSON.stringify({ "web-app": ["/ecs/prod-ec2/web", "web"] });
    jest.spyOn(console, "log").mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("publishes one alert for two deliveries of the same event (same event id)", async () => {
    ecs
      .on(DescribeContainerInstancesCommand)
      .resolves({ containerInstances: [{ containerInstanceArn: task("task-stopped-oom.json").detail.containerInstanceArn, ec2InstanceId: "i-0aaa" }] });
    const event = fixture("task-stopped-oom.json");
    const results = await handler({ Records: [record(event, "m1"), record(event, "m2")] } as never);
    expect(results.map((r) => r.published)).toEqual([true, false]);
    expect(results[1].duplicate).toBe(true);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, Subject: "web: app OOM-killed (prod-ec2)", Message: expect.stringContaining("EC2 instance i-0aaa") });
  });

  it("still alerts, without the EC2 instance id, when DescribeContainerInstances fails", async () => {
    ecs.on(DescribeContainerInstancesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await handler({ Records: [record(fixture("task-stopped-nonzero-exit.json"))] } as never);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).not.toContain("EC2 instance");
  });

  it("publishes nothing for a normal deployment stop", async () => {
    await handler({ Records: [record(fixture("task-stopped-deployment.json"))] } as never);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(ecs).not.toHaveReceivedCommand(DescribeContainerInstancesCommand);
  });

  it("re-checks a disconnected host after the grace period: no alert when the agent is back", async () => {
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [
        { containerInstanceArn: "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315", status: "ACTIVE", agentConnected: true },
      ],
    });
    await handler({ Records: [record(fixture("container-instance-disconnected.json"))] } as never);
    expect(ecs).toHaveReceivedCommandWith(DescribeContainerInstancesCommand, {
      cluster: "prod-ec2",
      containerInstances: ["arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315"],
    });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it("alerts when the agent is still disconnected after the grace period, naming the EC2 instance", async () => {
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [
        { containerInstanceArn: "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315", status: "ACTIVE", agentConnected: false },
      ],
    });
    await handler({ Records: [record(fixture("container-instance-disconnected.json"))] } as never);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: "prod-ec2 i-0f3a8506b1c2d3e4f: agent disconnected 5+ min" });
  });

  it("a host drained by hand while InService: one alert, then the host is marked so the rest of its drain is quiet", async () => {
    inGroup("InService");
    ecs.on(PutAttributesCommand).resolves({});
    const [first] = await handler({ Records: [record(fixture("container-instance-draining.json"), "m1", "host-left-active")] } as never);
    expect(first.published).toBe(true);
    expect(autoScaling).toHaveReceivedCommandWith(DescribeAutoScalingInstancesCommand, { InstanceIds: ["i-0f3a8506b1c2d3e4f"] });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      Subject: "prod-ec2 i-0f3a8506b1c2d3e4f: host drained outside scale-in",
      Message: expect.stringContaining("terminate-instance-in-auto-scaling-group"),
    });
    const mark = ecs.commandCalls(PutAttributesCommand)[0].args[0].input;
    expect(mark).toEqual({ cluster: "prod-ec2", attributes: [{ name: LEFT_ACTIVE_MARK, value: expect.any(String), targetType: "container-instance", targetId: HOST }] });

    // The next event of the same drain carries the mark (events list the instance's attributes).
    const next = fixture("container-instance-draining.json");
    (next.detail as ContainerInstanceStateDetail).attributes!.push({ name: LEFT_ACTIVE_MARK, value: mark.attributes![0].value });
    next.id = "next-event";
    const [second] = await handler({ Records: [record(next, "m2", "host-left-active")] } as never);
    expect(second.published).toBe(false);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(autoScaling).toHaveReceivedCommandTimes(DescribeAutoScalingInstancesCommand, 1);
  });

  it("events of one drain sent before the first alert's mark was set: the host's attributes now decide, one alert", async () => {
    inGroup("InService");
    // The host as ECS has it: the mark appears once PutAttributes went through.
    const attributes: { name: string; value?: string }[] = [];
    ecs.on(PutAttributesCommand).callsFake((input) => {
      attributes.push(...input.attributes.map((a: { name: string; value?: string }) => ({ name: a.name, value: a.value })));
      return {};
    });
    ecs.on(DescribeContainerInstancesCommand).callsFake(() => ({ containerInstances: [{ containerInstanceArn: HOST, status: "DRAINING", attributes: [...attributes] }] }));
    // Three snapshots of the same drain, none carrying the mark (all sent before it was set).
    const events = ["e1", "e2", "e3"].map((id) => ({ ...fixture("container-instance-draining.json"), id }));
    const results = await handler({ Records: events.map((e, i) => record(e, `m${i}`, "host-left-active")) } as never);
    expect(results.map((r) => r.published)).toEqual([true, false, false]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(ecs).toHaveReceivedCommandTimes(PutAttributesCommand, 1);
  });

  it("a drain by the drain hook (Terminating:Wait) is no alert and marks nothing", async () => {
    inGroup("Terminating:Wait");
    await handler({ Records: [record(fixture("container-instance-draining.json"), "m1", "host-left-active")] } as never);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(ecs).not.toHaveReceivedCommand(PutAttributesCommand);
  });

  it("a host deregistered while InService: alert, no mark (a deregistered host sends no further events)", async () => {
    inGroup("InService");
    await handler({ Records: [record(fixture("container-instance-deregistered.json"), "m1", "host-left-active")] } as never);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: "prod-ec2 i-0f3a8506b1c2d3e4f: host deregistered, still in service" });
    expect(ecs).not.toHaveReceivedCommand(PutAttributesCommand);
  });

  it("still alerts when the mark cannot be written", async () => {
    inGroup("InService");
    ecs.on(PutAttributesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    const [result] = await handler({ Records: [record(fixture("container-instance-draining.json"), "m1", "host-left-active")] } as never);
    expect(result.published).toBe(true);
  });

  it("a deregistered host with a disconnected agent: the disconnect queue re-checks it, the host queue asks its group", async () => {
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [] });
    inGroup("Terminating:Proceed");
    const event = fixture("container-instance-deregistered.json");
    const results = await handler({ Records: [record(event, "m1", "agent-disconnected"), record({ ...event, id: "other" }, "m2", "host-left-active")] } as never);
    expect(results.map((r) => r.classification.reason)).toEqual(["the container instance is gone (deregistered)", expect.stringContaining("Terminating:Proceed")]);
    expect(ecs).toHaveReceivedCommandTimes(DescribeContainerInstancesCommand, 1);
    expect(autoScaling).toHaveReceivedCommandTimes(DescribeAutoScalingInstancesCommand, 1);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it("retries a throttled publish, then publishes once", async () => {
    jest.useFakeTimers();
    try {
      sns.reset();
      sns
        .on(PublishCommand)
        .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "Throttling", $metadata: {} }))
        .resolves({ MessageId: "x" });
      ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [] });
      const done = handler({ Records: [record(fixture("task-failed-to-start.json"))] } as never);
      await jest.advanceTimersByTimeAsync(10_000);
      expect((await done)[0].published).toBe(true);
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    } finally {
      jest.useRealTimers();
    }
  });

  it("requires TOPIC_ARN", async () => {
    delete process.env.TOPIC_ARN;
    await expect(handler({ Records: [] } as never)).rejects.toThrow("TOPIC_ARN environment variable is required");
  });
});
