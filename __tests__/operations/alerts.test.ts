import { configFrom, minimalYaml, resources, synthJson } from "../helpers/synth";

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
  const [rule] = Object.entries(resources(json, "aws_cloudwatch_event_rule")).filter(([k]) => k.endsWith(suffix)).map(([, v]) => v);
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

  test("sends both rules to the alert function, which EventBridge may invoke from exactly those rules", () => {
    const targets = Object.values(resources(json, "aws_cloudwatch_event_target"));
    expect(targets.map((t) => t.arn)).toEqual(["${aws_lambda_function.alerts_function.arn}", "${aws_lambda_function.alerts_function.arn}"]);
    const permissions = Object.values(resources(json, "aws_lambda_permission"));
    expect(permissions.map((p) => [p.principal, p.source_arn]).sort()).toEqual([
      ["events.amazonaws.com", "${aws_cloudwatch_event_rule.alerts_agent-disconnected.arn}"],
      ["events.amazonaws.com", "${aws_cloudwatch_event_rule.alerts_task-stopped.arn}"],
    ]);
  });

  test("lets the function publish to its topic and write its own logs, nothing else", () => {
    const policy = JSON.parse(resources(json, "aws_iam_role_policy").alerts_policy.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "${aws_cloudwatch_log_group.alerts_logs.arn}:*" }),
      expect.objectContaining({ Effect: "Allow", Action: "sns:Publish", Resource: "${aws_sns_topic.alerts_topic.arn}" }),
    ]);
  });

  test("runs the task-alert handler with the topic and the sidecars it should not alert on", () => {
    const fn = resources(json, "aws_lambda_function").alerts_function;
    expect(fn).toEqual(
      expect.objectContaining({
        handler: "index.handler",
        runtime: "nodejs22.x",
        source_code_hash: expect.stringMatching(/^[0-9A-F]{32}$/),
        environment: { variables: { TOPIC_ARN: "${aws_sns_topic.alerts_topic.arn}", NON_ESSENTIAL_CONTAINERS: "demo-web/proxy,demo-web/web" } },
        logging_config: expect.objectContaining({ log_group: "${aws_cloudwatch_log_group.alerts_logs.name}" }),
      }),
    );
    expect(resources(json, "aws_cloudwatch_log_group").alerts_logs).toEqual({ name: "/aws/lambda/demo-task-alert", retention_in_days: 30 });
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

  test("leaves the agent rule out when agentDisconnected is false", () => {
    expect(Object.keys(resources(synth("  agentDisconnected: false\n"), "aws_cloudwatch_event_rule"))).toEqual(["alerts_task-stopped"]);
  });

  test("creates nothing for alerts when the key is left out", () => {
    const none = synthJson(configFrom(minimalYaml(SERVICES)));
    expect(resources(none, "aws_lambda_function")).toEqual({});
    expect(resources(none, "aws_sns_topic")).toEqual({});
  });

  test.each([
    ["  nonEssentialContainers:\n    api: [web]\n", "alerts.nonEssentialContainers.api", /"api" is not a service or task; allowed: "web"/],
    ["  nonEssentialContainers:\n    web: [sidecar]\n", "alerts.nonEssentialContainers.web[0]", /"sidecar" is not a container of "web"; allowed: "web", "proxy"/],
    ["  taskStopped: false\n  agentDisconnected: false\n", "alerts", /nothing would be alerted/],
    ["  email: [not-an-address]\n", "alerts.email[0]", /is not an e-mail address/],
  ])("rejects %j", (yaml, path, message) => {
    expect(() => configFrom(minimalYaml(`${SERVICES}alerts:\n${yaml}`))).toThrow(expect.objectContaining({ issues: [{ path, message: expect.stringMatching(message) }] }));
  });
});
