import * as fs from "fs";
import * as path from "path";
import {
  AlertSnsClient,
  EcsEvent,
  PublishInput,
  SUBJECT_MAX,
  classify,
  formatMessage,
  processEvent,
} from "../../functions/task-alert/index";

const fixture = (name: string): EcsEvent => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));

const TOPIC = "arn:aws:sns:us-west-2:111122223333:ecs-alerts";

function fakeSns() {
  const published: PublishInput[] = [];
  const sns: AlertSnsClient = {
    publish: async (input) => {
      published.push(input);
      return { MessageId: `msg-${published.length}` };
    },
  };
  return { sns, published };
}

const quiet = () => undefined;

describe("task-alert classify", () => {
  it.each([
    ["task-stopped-normal-exit.json", false, /exited with code 0/],
    ["task-stopped-nonzero-exit.json", true, /container app exited with code 1/],
    ["task-stopped-oom.json", true, /app ran out of memory/],
    ["task-stopped-deployment.json", false, /normal scheduler stop/],
    ["task-stopped-scale-in.json", false, /normal scheduler stop/],
    ["task-failed-to-start.json", true, /failed to start: CannotPullContainerError/],
    ["task-running.json", false, /not STOPPED/],
    ["task-stopped-user.json", false, /stopped by a user/],
    ["task-stopped-health-check.json", true, /ELB health checks/],
    ["container-instance-disconnected.json", true, /agent disconnected/],
    ["container-instance-connected.json", false, /agentConnected=true/],
  ])("%s -> alert=%s", (name, alert, reason) => {
    const c = classify(fixture(name), { nonEssentialContainers: ["log-router"] });
    expect(c.alert).toBe(alert);
    expect(c.reason).toMatch(reason);
    if (!alert) expect(c.severity).toBe("none");
  });

  it("treats every container as essential unless listed in nonEssentialContainers", () => {
    const event = fixture("task-stopped-nonzero-exit.json");
    expect(classify(event).failedContainers.map((c) => c.name)).toEqual(["app", "log-router"]);
    expect(classify(event, { nonEssentialContainers: ["log-router"] }).failedContainers).toEqual([{ name: "app", exitCode: 1, reason: undefined }]);
  });

  it("scopes family/container entries to that task definition family", () => {
    const event = fixture("task-stopped-nonzero-exit.json");
    const family = /task-definition\/([^:/]+)/.exec((event.detail as { taskDefinitionArn: string }).taskDefinitionArn)![1];
    const names = (entries: string[]) => classify(event, { nonEssentialContainers: entries }).failedContainers.map((c) => c.name);
    expect(names([`${family}/log-router`])).toEqual(["app"]);
    expect(names(["some-other-family/log-router"])).toEqual(["app", "log-router"]);
  });

  it("does not alert when only a non-essential container failed", () => {
    const event = fixture("task-stopped-nonzero-exit.json");
    const detail = event.detail as { containers: Array<{ exitCode?: number }> };
    detail.containers[0].exitCode = 0;
    expect(classify(event, { nonEssentialContainers: ["log-router"] }).alert).toBe(false);
    expect(classify(event).alert).toBe(true);
  });

  it("does not alert on SpotInterruption / TerminationNotice, alerts on unknown stop codes", () => {
    const event = fixture("task-stopped-deployment.json");
    const detail = event.detail as { stopCode?: string; stoppedReason?: string };
    detail.stoppedReason = "Your Spot Task was interrupted.";
    detail.stopCode = "SpotInterruption";
    expect(classify(event).alert).toBe(false);
    detail.stopCode = "TerminationNotice";
    expect(classify(event).alert).toBe(false);
    detail.stopCode = "InfrastructureHealth";
    detail.stoppedReason = "Host is unhealthy";
    expect(classify(event)).toMatchObject({ alert: true, severity: "medium" });
  });

  it("ignores unrelated detail types", () => {
    expect(classify({ "detail-type": "ECS Service Action", detail: {} }).alert).toBe(false);
  });
});

describe("task-alert formatMessage", () => {
  it("names cluster, service, task, task definition, containers, stop code and console link", () => {
    const event = fixture("task-stopped-nonzero-exit.json");
    const c = classify(event, { nonEssentialContainers: ["log-router"] });
    const { subject, message } = formatMessage(event, c);

    expect(message).toContain("Cluster:         prod-ec2");
    expect(message).toContain("Service:         web");
    expect(message).toContain("Task:            1b2c3d4e5f6a40718293a4b5c6d7e8f0");
    expect(message).toContain("Task definition: web-app:42");
    expect(message).toContain("Stop code:       EssentialContainerExited");
    expect(message).toContain("Stopped reason:  Essential container in task exited");
    expect(message).toContain("  - app: exit code 1");
    expect(message).toContain("  - log-router: exit code 143");
    expect(message).toContain(
      "https://us-west-2.console.aws.amazon.com/ecs/v2/clusters/prod-ec2/tasks/1b2c3d4e5f6a40718293a4b5c6d7e8f0/configuration?region=us-west-2",
    );
    expect(subject).toContain("prod-ec2/web");
    expect(subject).toContain("app exited with code 1");
  });

  it("uses consoleRegion when given", () => {
    const event = fixture("task-stopped-oom.json");
    const { message } = formatMessage(event, classify(event), { consoleRegion: "eu-central-1" });
    expect(message).toContain("https://eu-central-1.console.aws.amazon.com/ecs/v2/clusters/prod-ec2/tasks/2c3d4e5f6a7b40718293a4b5c6d7e8f1/configuration?region=eu-central-1");
    expect(message).toContain("reason: OutOfMemoryError: Container killed due to memory usage");
  });

  it("keeps subjects ASCII and at most 100 characters", () => {
    for (const name of ["task-failed-to-start.json", "task-stopped-oom.json", "container-instance-disconnected.json", "task-stopped-health-check.json"]) {
      const event = fixture(name);
      const { subject } = formatMessage(event, classify(event));
      expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(subject).toMatch(/^[\x20-\x7E]+$/);
    }
    const event = fixture("task-stopped-nonzero-exit.json");
    (event.detail as { group: string }).group = "service:caf\u00e9-" + "x".repeat(200);
    const { subject } = formatMessage(event, classify(event));
    expect(subject.length).toBe(SUBJECT_MAX);
    expect(subject).toMatch(/^[\x20-\x7E]+\.\.\.$/);
  });

  it("describes a disconnected agent with the EC2 instance id", () => {
    const event = fixture("container-instance-disconnected.json");
    const { subject, message } = formatMessage(event, classify(event));
    expect(subject).toBe("[ECS MEDIUM] prod-ec2: agent disconnected on i-0f3a8506b1c2d3e4f");
    expect(message).toContain("Agent connected:    false");
    expect(message).toContain("https://us-west-2.console.aws.amazon.com/ecs/v2/clusters/prod-ec2/infrastructure?region=us-west-2");
  });
});

describe("task-alert processEvent", () => {
  const all = [
    ["task-stopped-normal-exit.json", false],
    ["task-stopped-nonzero-exit.json", true],
    ["task-stopped-oom.json", true],
    ["task-stopped-deployment.json", false],
    ["task-stopped-scale-in.json", false],
    ["task-failed-to-start.json", true],
    ["task-running.json", false],
    ["container-instance-disconnected.json", true],
    ["container-instance-connected.json", false],
  ] as const;

  it.each(all)("%s publishes=%s", async (name, publishes) => {
    const { sns, published } = fakeSns();
    const result = await processEvent(fixture(name), { sns, log: quiet }, { topicArn: TOPIC, nonEssentialContainers: ["log-router"] });
    expect(result.published).toBe(publishes);
    expect(published).toHaveLength(publishes ? 1 : 0);
    if (publishes) {
      expect(published[0].TopicArn).toBe(TOPIC);
      expect(published[0].Subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(published[0].Message).toContain("console.aws.amazon.com/ecs/v2/clusters/prod-ec2/");
      expect(result.messageId).toBe("msg-1");
    }
  });
});

describe("task-alert handler (SDK mocked, no network)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
    jest.dontMock("@aws-sdk/client-sns");
  });

  function loadHandler() {
    const sent: Array<{ command: string; input: PublishInput }> = [];
    jest.doMock("@aws-sdk/client-sns", () => {
      const actual = jest.requireActual("@aws-sdk/client-sns");
      return {
        ...actual,
        SNSClient: class {
          async send(command: { constructor: { name: string }; input: PublishInput }) {
            sent.push({ command: command.constructor.name, input: command.input });
            return { MessageId: "m-1" };
          }
        },
      };
    });
    let mod: typeof import("../../functions/task-alert/index") | undefined;
    jest.isolateModules(() => {
      mod = require("../../functions/task-alert/index");
    });
    return { handler: mod!.handler, sent };
  }

  it("requires TOPIC_ARN", async () => {
    delete process.env.TOPIC_ARN;
    const { handler } = loadHandler();
    await expect(handler(fixture("task-stopped-oom.json"))).rejects.toThrow(/TOPIC_ARN/);
  });

  it("publishes with PublishCommand only for alerting events and reads env config", async () => {
    process.env.TOPIC_ARN = TOPIC;
    process.env.CONSOLE_REGION = "eu-west-1";
    process.env.NON_ESSENTIAL_CONTAINERS = " log-router , xray ";
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const { handler, sent } = loadHandler();

    await handler(fixture("task-stopped-normal-exit.json"));
    await handler(fixture("task-stopped-deployment.json"));
    await handler(fixture("container-instance-connected.json"));
    expect(sent).toHaveLength(0);

    const result = await handler(fixture("task-stopped-nonzero-exit.json"));
    expect(sent).toHaveLength(1);
    expect(sent[0].command).toBe("PublishCommand");
    expect(sent[0].input.TopicArn).toBe(TOPIC);
    expect(sent[0].input.Subject).toContain("app exited with code 1");
    expect(sent[0].input.Subject).not.toContain("log-router");
    expect(sent[0].input.Message).toContain("?region=eu-west-1");
    expect(result).toMatchObject({ published: true, messageId: "m-1" });

    for (const call of log.mock.calls) expect(() => JSON.parse(String(call[0]))).not.toThrow();
    log.mockRestore();
  });
});
