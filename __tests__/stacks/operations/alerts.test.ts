import { ALERT_RULES } from "../../../functions/task-alert/index";
import { configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

const SERVICES = `services:
  - name: web
    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 128
      - name: proxy
        image: envoy:1
        memoryReservation: 64
        essential: false
`;

function synth(alerts: string) {
  return synthJson(configFrom(minimalYaml(`${SERVICES}alerts:\n${alerts}`)));
}

function pattern(json: any, suffix: string): any {
  const [rule] = Object.entries(resources(json, "aws_cloudwatch_event_rule"))
    .filter(([k]) => k.endsWith(suffix))
    .map(([, v]) => v);
  return JSON.parse(rule.event_pattern);
}

describe("alerts", () => {
  const json = synth("  email: [ops@example.com, oncall@example.com]\n  nonEssentialContainers:\n    web: [web]\n");

  test("watches this cluster's tasks that stopped", () => {
    expect(pattern(json, "task-stopped")).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: { clusterArn: ["${aws_ecs_cluster.cluster.arn}"], lastStatus: ["STOPPED"] },
    });
  });

  test("watches this cluster's container agents that disconnected", () => {
    expect(pattern(json, "agent-disconnected")).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Container Instance State Change"],
      detail: { clusterArn: ["${aws_ecs_cluster.cluster.arn}"], agentConnected: [false] },
    });
  });

  // Every scale-in, instance refresh and drain also leaves ACTIVE; the function tells them apart by
  // the host's Auto Scaling lifecycle state (functions/task-alert/classify.ts, classifyLeftActive).
  test("watches this cluster's container instances that are set to DRAINING or deregistered", () => {
    expect(pattern(json, "host-left-active")).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Container Instance State Change"],
      detail: { clusterArn: ["${aws_ecs_cluster.cluster.arn}"], status: ["DRAINING", "INACTIVE"] },
    });
  });

  const queues = () => resources(json, "aws_sqs_queue");
  const queueKey = (rule: string, dlq = false) => Object.keys(queues()).find((k) => k.includes(rule) && k.includes("dlq") === dlq)!;

  // EventBridge: "If you specify an SQS FIFO queue as a target, the queue must have content-based
  // deduplication enabled" (EventBridge API reference, Target.SqsParameters); SQS then drops a message
  // with the same body within its 5-minute deduplication interval: a duplicate delivery makes one alert.
  test("sends each rule to its own FIFO queue with content-based deduplication, read by the alert function", () => {
    // The function reads which check applies from the queue's name (ruleOfRecord): one queue per rule id it knows.
    expect(
      Object.values<any>(queues())
        .map((q) => q.name)
        .filter((n) => !n.includes("-dlq"))
        .sort(),
    ).toEqual(ALERT_RULES.map((id) => `demo-${id}.fifo`).sort());
    for (const rule of ALERT_RULES) {
      const queue = queues()[queueKey(rule)];
      expect(queue).toEqual(expect.objectContaining({ name: `demo-${rule}.fifo`, fifo_queue: true, content_based_deduplication: true, sqs_managed_sse_enabled: true }));
      expect(JSON.parse(queue.redrive_policy).deadLetterTargetArn).toBe(`\${aws_sqs_queue.${queueKey(rule, true)}.arn}`);
      expect(queues()[queueKey(rule, true)]).toEqual(expect.objectContaining({ name: `demo-${rule}-dlq.fifo`, fifo_queue: true }));
    }
    const targets = Object.values<any>(resources(json, "aws_cloudwatch_event_target"));
    expect(targets.map((t) => [t.arn, t.sqs_target]).sort()).toEqual([
      [`\${aws_sqs_queue.${queueKey("agent-disconnected")}.arn}`, { message_group_id: "agent-disconnected" }],
      [`\${aws_sqs_queue.${queueKey("host-left-active")}.arn}`, { message_group_id: "host-left-active" }],
      [`\${aws_sqs_queue.${queueKey("task-stopped")}.arn}`, { message_group_id: "task-stopped" }],
    ]);
    const mappings = Object.values<any>(resources(json, "aws_lambda_event_source_mapping"));
    expect(mappings.map((m) => [m.function_name, m.batch_size])).toEqual([
      ["${aws_lambda_function.alerts_function.arn}", 1],
      ["${aws_lambda_function.alerts_function.arn}", 1],
      ["${aws_lambda_function.alerts_function.arn}", 1],
    ]);
    expect(resources(json, "aws_lambda_permission")).toEqual({});
  });

  // AWS: the agent "disconnects and reconnects several times per hour as a part of its normal
  // operation" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html): the
  // disconnect queue holds each event for the grace period; the function then re-checks the host.
  test("delays disconnect events by the grace period (300 s by default), task events not at all", () => {
    expect(queues()[queueKey("agent-disconnected")].delay_seconds).toBe(300);
    expect(queues()[queueKey("task-stopped")].delay_seconds).toBeUndefined();
    expect(queues()[queueKey("host-left-active")].delay_seconds).toBeUndefined();
    const custom = synth("  agentDisconnectedGraceSeconds: 600\n");
    const key = Object.keys(resources(custom, "aws_sqs_queue")).find((k) => k.includes("agent-disconnected") && !k.includes("dlq"))!;
    expect(resources(custom, "aws_sqs_queue")[key].delay_seconds).toBe(600);
    expect(resources(custom, "aws_lambda_function").alerts_function.environment.variables.GRACE_SECONDS).toBe("600");
    expect(() => configFrom(minimalYaml(`${SERVICES}alerts:\n  agentDisconnectedGraceSeconds: 1200\n`))).toThrow(/alerts.agentDisconnectedGraceSeconds: 1200/);
  });

  test("lets the function publish to its topic, read its queues, describe and mark this cluster's hosts, read their group state and write its own logs, nothing else", async () => {
    const document = resources(json, "aws_iam_role_policy").alerts_policy.policy;
    const policy = JSON.parse(document);
    const sqs = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "${aws_cloudwatch_log_group.alerts_logs.arn}:*" }),
      expect.objectContaining({ Effect: "Allow", Action: "sns:Publish", Resource: "${aws_sns_topic.alerts_topic.arn}" }),
      expect.objectContaining({
        Effect: "Allow",
        Action: "ecs:DescribeContainerInstances",
        Resource: "arn:aws:ecs:eu-west-1:${data.aws_caller_identity.alerts_account.account_id}:container-instance/demo/*",
      }),
      expect.objectContaining({
        Effect: "Allow",
        Action: "ecs:PutAttributes",
        Resource: "arn:aws:ecs:eu-west-1:${data.aws_caller_identity.alerts_account.account_id}:container-instance/demo/*",
      }),
      // DescribeAutoScalingInstances has no resource-level permissions (Service Authorization Reference).
      expect.objectContaining({ Effect: "Allow", Action: "autoscaling:DescribeAutoScalingInstances", Resource: "*" }),
      expect.objectContaining({ Effect: "Allow", Action: sqs, Resource: `\${aws_sqs_queue.${queueKey("task-stopped")}.arn}` }),
      expect.objectContaining({ Effect: "Allow", Action: sqs, Resource: `\${aws_sqs_queue.${queueKey("agent-disconnected")}.arn}` }),
      expect.objectContaining({ Effect: "Allow", Action: sqs, Resource: `\${aws_sqs_queue.${queueKey("host-left-active")}.arn}` }),
    ]);
    const { unknownIamActions } = await import("../../../rules/iam-actions");
    expect(await unknownIamActions(document)).toEqual([]);
  });

  test("runs the task-alert handler with the topic, the cluster, the sidecars and the containers' log streams", () => {
    const fn = resources(json, "aws_lambda_function").alerts_function;
    expect(fn).toEqual(
      expect.objectContaining({
        handler: "index.handler",
        runtime: "nodejs22.x",
        source_code_hash: expect.stringMatching(/^[0-9A-F]{32}$/),
        environment: {
          variables: {
            TOPIC_ARN: "${aws_sns_topic.alerts_topic.arn}",
            CLUSTER_NAME: "demo",
            GRACE_SECONDS: "300",
            NON_ESSENTIAL_CONTAINERS: "demo-web/proxy,demo-web/web",
            LOG_STREAMS: JSON.stringify({ "demo-web": ["/ecs/demo/web", "web"] }),
          },
        },
        logging_config: expect.objectContaining({ log_group: "${aws_cloudwatch_log_group.alerts_logs.name}" }),
      }),
    );
    expect(resources(json, "aws_cloudwatch_log_group").alerts_logs).toEqual({ name: "/aws/lambda/demo-task-alert", retention_in_days: 30 });
  });

  test("links to the log streams the task definitions actually write (awslogs group and stream prefix)", () => {
    const fn = resources(json, "aws_lambda_function").alerts_function;
    const streams = JSON.parse(fn.environment.variables.LOG_STREAMS);
    const groups = resources(json, "aws_cloudwatch_log_group");
    for (const td of Object.values<any>(resources(json, "aws_ecs_task_definition"))) {
      const options = JSON.parse(td.container_definitions)[0].logConfiguration.options;
      const group = options["awslogs-group"].replace(/^\$\{aws_cloudwatch_log_group\.(.+)\.name\}$/, (_: string, key: string) => groups[key].name);
      expect(streams[td.family]).toEqual([group, options["awslogs-stream-prefix"]]);
    }
  });

  test("encrypts the topic with the AWS managed key by default and subscribes each address", () => {
    expect(resources(json, "aws_sns_topic").alerts_topic.kms_master_key_id).toBe("alias/aws/sns");
    const subscriptions = Object.values(resources(json, "aws_sns_topic_subscription"));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ["email", "oncall@example.com"],
      ["email", "ops@example.com"],
    ]);
  });

  test("with a customer managed key, encrypts with it and lets the function use it", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const withKey = synth(`  topicKmsKeyArn: ${key}\n`);
    expect(resources(withKey, "aws_sns_topic").alerts_topic.kms_master_key_id).toBe(key);
    const policy = JSON.parse(resources(withKey, "aws_iam_role_policy").alerts_policy.policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: key }));
  });

  test("leaves a rule, its queue and its permissions out when its alert is off", () => {
    const taskOnly = synth("  agentDisconnected: false\n  hostLeftActive: false\n");
    expect(Object.keys(resources(taskOnly, "aws_cloudwatch_event_rule"))).toEqual(["alerts_task-stopped"]);
    expect(Object.keys(resources(taskOnly, "aws_sqs_queue")).filter((k) => !k.includes("task-stopped"))).toEqual([]);
    const actions = JSON.parse(resources(taskOnly, "aws_iam_role_policy").alerts_policy.policy).Statement.map((st: any) => st.Action);
    expect(actions).not.toContain("ecs:PutAttributes");
    expect(actions).not.toContain("autoscaling:DescribeAutoScalingInstances");
    const hostOnly = synth("  taskStopped: false\n  agentDisconnected: false\n");
    expect(Object.keys(resources(hostOnly, "aws_cloudwatch_event_rule"))).toEqual(["alerts_host-left-active"]);
  });

  test("creates nothing for alerts when the key is left out", () => {
    const none = synthJson(configFrom(minimalYaml(SERVICES)));
    expect(resources(none, "aws_lambda_function")).toEqual({});
    expect(resources(none, "aws_sns_topic")).toEqual({});
  });

  test.each([
    ["  nonEssentialContainers:\n    api: [web]\n", "alerts.nonEssentialContainers.api", /"api" is not a service or task; allowed: "web"/],
    ["  nonEssentialContainers:\n    web: [sidecar]\n", "alerts.nonEssentialContainers.web[0]", /"sidecar" is not a container of "web"; allowed: "web", "proxy"/],
    ["  taskStopped: false\n  agentDisconnected: false\n  hostLeftActive: false\n", "alerts", /nothing would be alerted/],
    ["  email: [not-an-address]\n", "alerts.email[0]", /is not an e-mail address/],
  ])("rejects %j", (yaml, path, message) => {
    expect(() => configFrom(minimalYaml(`${SERVICES}alerts:\n${yaml}`))).toThrow(expect.objectContaining({ issues: [{ path, message: expect.stringMatching(message) }] }));
  });
});
