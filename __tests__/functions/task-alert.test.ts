/**
 * Task and agent alerts. Event shapes are the examples of "Amazon ECS events"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html) in ./fixtures;
 * every AWS call goes through aws-sdk-client-mock.
 */
import "aws-sdk-client-mock-jest";
import * as fs from "fs";
import * as path from "path";
import { DescribeContainerInstancesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import {
  ContainerInstanceStateDetail,
  EcsEvent,
  SUBJECT_MAX,
  TaskStateDetail,
  classifyDisconnect,
  classifyTask,
  exitCodeHint,
  forgetSeenEvents,
  formatTaskAlert,
  handler,
  logStreamUrl,
  subjectLine,
} from "../../functions/task-alert/index";

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
  const record = (event: unknown, id = "m1") => ({ messageId: id, body: JSON.stringify(event), attributes: { ApproximateReceiveCount: "1" } });

  beforeEach(() => {
    sns.reset();
    ecs.reset();
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
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [{ containerInstanceArn: (task("task-stopped-oom.json").detail.containerInstanceArn), ec2InstanceId: "i-0aaa" }] });
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
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [{ containerInstanceArn: "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315", status: "ACTIVE", agentConnected: true }] });
    await handler({ Records: [record(fixture("container-instance-disconnected.json"))] } as never);
    expect(ecs).toHaveReceivedCommandWith(DescribeContainerInstancesCommand, {
      cluster: "prod-ec2",
      containerInstances: ["arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315"],
    });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it("alerts when the agent is still disconnected after the grace period, naming the EC2 instance", async () => {
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [{ containerInstanceArn: "arn:aws:ecs:us-west-2:111122223333:container-instance/prod-ec2/b54a2a04046f43319d743f6d7f6ca315", status: "ACTIVE", agentConnected: false }] });
    await handler({ Records: [record(fixture("container-instance-disconnected.json"))] } as never);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: "prod-ec2 i-0f3a8506b1c2d3e4f: agent disconnected 5+ min" });
  });

  it("retries a throttled publish, then publishes once", async () => {
    jest.useFakeTimers();
    try {
      sns.reset();
      sns.on(PublishCommand).rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "Throttling", $metadata: {} })).resolves({ MessageId: "x" });
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
