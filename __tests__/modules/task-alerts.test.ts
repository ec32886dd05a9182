import { awsName } from "../../config/validate/aws-names";
import { TaskAlerts, TaskAlertsProps } from "../../modules/task-alerts";
import { block, blocks, ref, stack, statements, synth } from "./helpers";

const CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/demo";
const props = (extra: Partial<TaskAlertsProps> = {}): TaskAlertsProps => ({ namePrefix: "demo", clusterArn: CLUSTER_ARN, clusterName: "demo", region: "eu-west-1", ...extra });

function build(extra: Partial<TaskAlertsProps> = {}) {
  const s = stack();
  const alerts = new TaskAlerts(s, "alerts", props(extra));
  return { s, alerts, json: synth(s) };
}

const warnings = (alerts: TaskAlerts) => alerts.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

describe("TaskAlerts defaults", () => {
  const { alerts, json } = build();

  test("all three alerts on, each rule with its own queue", () => {
    expect(Object.keys(alerts.rules)).toEqual(["task-stopped", "agent-disconnected", "host-left-active"]);
    expect(Object.keys(alerts.queues)).toEqual(Object.keys(alerts.rules));
    expect(blocks(json, "aws_cloudwatch_event_rule").map((r) => r.name)).toEqual(["demo-agent-disconnected", "demo-host-left-active", "demo-task-stopped"]);
  });

  test("a disconnected agent has 300 s to reconnect: the function knows it and only the agent queue delays by it", () => {
    expect(block(json, alerts.function).environment.variables.GRACE_SECONDS).toBe("300");
    expect(block(json, alerts.queues["agent-disconnected"].queue).delay_seconds).toBe(300);
    expect(block(json, alerts.queues["task-stopped"].queue).delay_seconds).toBeUndefined();
  });

  test("the topic uses the AWS managed SNS key and has no subscriptions", () => {
    expect(block(json, alerts.topic)).toEqual({ name: "demo-alerts", kms_master_key_id: "alias/aws/sns" });
    expect(blocks(json, "aws_sns_topic_subscription")).toEqual([]);
  });

  test("the function: 30 s, 128 MB, logs kept 30 days in a group created before it, no sidecar list and no log links", () => {
    expect(block(json, alerts.function)).toEqual(
      expect.objectContaining({ function_name: "demo-task-alert", timeout: 30, memory_size: 128, depends_on: [`aws_cloudwatch_log_group.${alerts.logGroup.friendlyUniqueId}`] }),
    );
    expect(block(json, alerts.logGroup)).toEqual({ name: "/aws/lambda/demo-task-alert", retention_in_days: 30 });
    expect(Object.keys(block(json, alerts.function).environment.variables).sort()).toEqual(["CLUSTER_NAME", "GRACE_SECONDS", "TOPIC_ARN"]);
  });

  // Lambda: "set the source queue's visibility timeout to at least six times the timeout that you
  // configure on your function" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
  test("queues hide a received event for six function timeouts", () => {
    for (const q of Object.values(alerts.queues)) expect(block(json, q.queue).visibility_timeout_seconds).toBe(6 * 30);
  });
});

describe("TaskAlerts props", () => {
  test("agentDisconnectedGraceSeconds 0: no delay on the agent queue; the alert off: no grace for the function at all", () => {
    const zero = build({ agentDisconnectedGraceSeconds: 0 });
    expect(block(zero.json, zero.alerts.queues["agent-disconnected"].queue).delay_seconds).toBeUndefined();
    expect(block(zero.json, zero.alerts.function).environment.variables.GRACE_SECONDS).toBe("0");
    const off = build({ agentDisconnected: false, agentDisconnectedGraceSeconds: 600 });
    expect(block(off.json, off.alerts.function).environment.variables).not.toHaveProperty("GRACE_SECONDS");
    expect(Object.keys(off.alerts.queues)).toEqual(["task-stopped", "host-left-active"]);
  });

  test("nonEssentialContainers reach the function once each, sorted; logStreams as [group, prefix] by family, sorted", () => {
    const { alerts, json } = build({
      nonEssentialContainers: ["web/proxy", "api/log-router", "web/proxy"],
      logStreams: { "demo-web": { group: "/ecs/demo/web", prefix: "web" }, "demo-api": { group: "/ecs/demo/api", prefix: "api" } },
    });
    const variables = block(json, alerts.function).environment.variables;
    expect(variables.NON_ESSENTIAL_CONTAINERS).toBe("api/log-router,web/proxy");
    expect(variables.LOG_STREAMS).toBe('{"demo-api":["/ecs/demo/api","api"],"demo-web":["/ecs/demo/web","web"]}');
    expect(warnings(alerts)).toEqual([]);
  });

  test("an empty sidecar list and empty log links set no variable", () => {
    const { alerts, json } = build({ nonEssentialContainers: [], logStreams: {} });
    expect(Object.keys(block(json, alerts.function).environment.variables).sort()).toEqual(["CLUSTER_NAME", "GRACE_SECONDS", "TOPIC_ARN"]);
  });

  // Lambda quotas: "The total size of all environment variables doesn't exceed 4 KB"
  // (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); the links get 3000 bytes of it.
  test("log links beyond 3000 bytes are left out with a warning, and the alerts go out without them", () => {
    const logStreams = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`demo-service-${i}`, { group: `/ecs/demo/service-${i}`, prefix: `service-${i}` }]));
    const { alerts, json } = build({ logStreams });
    expect(block(json, alerts.function).environment.variables).not.toHaveProperty("LOG_STREAMS");
    expect(warnings(alerts)).toEqual([expect.stringMatching(/^alerts: the log links of 60 task families \(\d+ bytes\) do not fit Lambda's 4 KB of environment variables/)]);
  });

  test("emails: one e-mail subscription per address", () => {
    const { alerts, json } = build({ emails: ["ops@example.com", "oncall@example.com"] });
    const subscriptions = blocks(json, "aws_sns_topic_subscription");
    expect(subscriptions).toHaveLength(2);
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        { topic_arn: ref(alerts.topic, "arn"), protocol: "email", endpoint: "ops@example.com" },
        { topic_arn: ref(alerts.topic, "arn"), protocol: "email", endpoint: "oncall@example.com" },
      ]),
    );
  });

  test("logRetentionInDays sets the function's log group retention", () => {
    const { alerts, json } = build({ logRetentionInDays: 7 });
    expect(block(json, alerts.logGroup).retention_in_days).toBe(7);
  });

  test("host ARNs in the policy carry the region's partition", () => {
    const { json } = build({ region: "cn-north-1" });
    const [policy] = blocks(json, "aws_iam_role_policy");
    expect(statements(policy.policy).find((st) => st.Sid === "DescribeHosts").Resource).toMatch(
      /^arn:aws-cn:ecs:cn-north-1:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:container-instance\/demo\/\*$/,
    );
  });

  // Name rules: config/validate/aws-names.ts (each with its AWS API reference); SQS: "A queue name can
  // have up to 80 characters ... alphanumeric characters, hyphens (-), and underscores (_)", FIFO names
  // end in .fifo (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
  test("a long namePrefix is shortened so every generated name is one AWS accepts", () => {
    const { alerts, json } = build({ namePrefix: `${"a".repeat(39)}-${"b".repeat(40)}` });
    expect(awsName("snsTopic", block(json, alerts.topic).name)).toBeUndefined();
    expect(awsName("lambdaFunction", block(json, alerts.function).function_name)).toBeUndefined();
    expect(awsName("logGroup", block(json, alerts.logGroup).name)).toBeUndefined();
    expect(awsName("iamRole", block(json, alerts.role).name_prefix, { prefix: true })).toBeUndefined();
    for (const rule of blocks(json, "aws_cloudwatch_event_rule")) expect(awsName("eventRule", rule.name)).toBeUndefined();
    for (const queue of blocks(json, "aws_sqs_queue")) expect(queue.name).toMatch(/^[A-Za-z0-9_-]{1,75}\.fifo$/);
    // The 40-character cut ends on the dash between the two parts; the names keep none of it.
    expect(block(json, alerts.function).function_name).toBe(`${"a".repeat(39)}-task-alert`);
  });
});

describe("TaskAlerts refuses at synth (node.addValidation)", () => {
  test.each([
    [{ taskStopped: false, agentDisconnected: false, hostLeftActive: false }, /taskStopped, agentDisconnected and hostLeftActive are all false/],
    // SQS DelaySeconds: 0 to 900 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
    [{ agentDisconnectedGraceSeconds: 901 }, /agentDisconnectedGraceSeconds \(901\) must be between 0 and 900/],
    [{ agentDisconnectedGraceSeconds: -1 }, /agentDisconnectedGraceSeconds \(-1\) must be between 0 and 900/],
    [{ emails: ["ops@example.com", "ops at example.com"] }, /emails: "ops at example.com" is not an e-mail address/],
  ])("%j", (extra, message) => {
    expect(new TaskAlerts(stack(), "alerts", props(extra)).node.validate()).toEqual([expect.stringMatching(message)]);
  });

  test("accepts the limits of the grace period, 0 and 900", () => {
    expect(new TaskAlerts(stack(), "alerts", props({ agentDisconnectedGraceSeconds: 0 })).node.validate()).toEqual([]);
    expect(new TaskAlerts(stack(), "alerts", props({ agentDisconnectedGraceSeconds: 900 })).node.validate()).toEqual([]);
  });
});

describe("TaskAlerts with repeated e-mail addresses", () => {
  test("subscribes an address once, whatever its case; the first spelling is kept", () => {
    const s = stack();
    new TaskAlerts(s, "alerts", props({ emails: ["Ops@example.com", "ops@example.com", "oncall@example.com", "Ops@example.com"] }));
    expect(
      blocks(synth(s), "aws_sns_topic_subscription")
        .map((x: any) => x.endpoint)
        .sort(),
    ).toEqual(["Ops@example.com", "oncall@example.com"].sort());
  });
});
