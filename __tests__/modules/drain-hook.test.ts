import { awsName } from "../../config/validate/aws-names";
import { IamRolePolicy } from "../../framework/provider-aws";
import { DRAIN_HOOK_NAME, DrainHook, DrainHookProps } from "../../modules/drain-hook";
import { block, blocks, ref, stack, statements, synth } from "./helpers";

const GROUP = { name: "demo-hosts", arn: "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/demo-hosts" };
const props = (extra: Partial<DrainHookProps> = {}): DrainHookProps => ({
  clusterName: "demo",
  clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo",
  region: "eu-west-1",
  autoScalingGroup: GROUP,
  ...extra,
});

function build(extra: Partial<DrainHookProps> = {}) {
  const s = stack();
  const drain = new DrainHook(s, "drain", props(extra));
  return { s, drain, json: () => synth(s) };
}

describe("DrainHook defaults", () => {
  const { drain, json } = build();
  const out = json();

  test("a 1200 s heartbeat that continues the termination when it runs out", () => {
    expect(block(out, drain.hook)).toEqual(expect.objectContaining({ heartbeat_timeout: 1200, default_result: "CONTINUE" }));
  });

  test("the function polls every 30 s with a 60 s timeout (a failed poll returns after 360 s), waits for standalone tasks, logs kept 30 days", () => {
    expect(block(out, drain.function)).toEqual(expect.objectContaining({ function_name: "demo-drain-instance", timeout: 60, memory_size: 128 }));
    expect(block(out, drain.function).environment.variables).toEqual({
      CLUSTER_NAME: "demo",
      ASG_NAME: GROUP.name,
      HOOK_NAME: ref(drain.hook, "name"),
      QUEUE_URL: ref(drain.queue.queue, "url"),
      HEARTBEAT_TIMEOUT_SECONDS: "1200",
      POLL_INTERVAL_SECONDS: "30",
      MAX_RECEIVE_COUNT: "5",
    });
    expect(block(out, drain.queue.queue).visibility_timeout_seconds).toBe(360);
    expect(block(out, drain.logGroup)).toEqual({ name: "/aws/lambda/demo-drain-instance", retention_in_days: 30 });
  });

  // EventBridge takes no FIFO dead-letter queue, and drain messages need no deduplication.
  test("the drain queue is a standard queue that gives up after 5 deliveries", () => {
    expect(block(out, drain.queue.queue).fifo_queue).toBeUndefined();
    expect(drain.queue.maxReceiveCount).toBe(5);
  });

  test("the group's ARN bounds the lifecycle actions the function may complete", () => {
    const policy = blocks(out, "aws_iam_role_policy").find((p) => p.name === "drain-instance");
    expect(statements(policy.policy).find((st) => st.Sid === "CompleteLifecycleAction").Resource).toBe(GROUP.arn);
  });
});

describe("DrainHook props", () => {
  test("heartbeat, poll interval, function timeout, default result and log retention each reach the hook, the function and its queue", () => {
    const { drain, json } = build({ heartbeatTimeoutSeconds: 3600, pollIntervalSeconds: 60, functionTimeoutSeconds: 120, defaultResult: "ABANDON", logRetentionInDays: 14 });
    const out = json();
    expect(block(out, drain.hook)).toEqual({
      name: DRAIN_HOOK_NAME,
      autoscaling_group_name: GROUP.name,
      lifecycle_transition: "autoscaling:EC2_INSTANCE_TERMINATING",
      heartbeat_timeout: 3600,
      default_result: "ABANDON",
    });
    expect(block(out, drain.function).timeout).toBe(120);
    expect(block(out, drain.function).environment.variables).toEqual(
      expect.objectContaining({ HEARTBEAT_TIMEOUT_SECONDS: "3600", POLL_INTERVAL_SECONDS: "60", MAX_RECEIVE_COUNT: "5" }),
    );
    // Lambda: "set the source queue's visibility timeout to at least six times the timeout that you
    // configure on your function" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
    expect(block(out, drain.queue.queue).visibility_timeout_seconds).toBe(6 * 120);
    expect(block(out, drain.logGroup).retention_in_days).toBe(14);
  });

  test("standaloneTasks wait (the default) leaves the function's STANDALONE_TASKS unset", () => {
    const { drain, json } = build({ standaloneTasks: "wait" });
    expect(block(json(), drain.function).environment.variables).not.toHaveProperty("STANDALONE_TASKS");
  });

  // A customer managed key: publishers need kms:GenerateDataKey* and kms:Decrypt on it
  // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
  test("alertTo a topic with a customer managed key: the function knows the topic besides its own variables, and may publish with that key", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const topic = "arn:aws:sns:eu-west-1:123456789012:demo-alerts";
    const { drain, json } = build();
    drain.alertTo(topic, key);
    const out = json();
    expect(Object.keys(block(out, drain.function).environment.variables).sort()).toEqual([
      "ALERT_TOPIC_ARN",
      "ASG_NAME",
      "CLUSTER_NAME",
      "HEARTBEAT_TIMEOUT_SECONDS",
      "HOOK_NAME",
      "MAX_RECEIVE_COUNT",
      "POLL_INTERVAL_SECONDS",
      "QUEUE_URL",
    ]);
    expect(block(out, drain.function).environment.variables.ALERT_TOPIC_ARN).toBe(topic);
    const alertPolicy = block(out, drain.node.findChild("alert-policy") as IamRolePolicy);
    expect(alertPolicy).toEqual(expect.objectContaining({ name: "drain-instance-alerts", role: ref(drain.role, "name") }));
    expect(statements(alertPolicy.policy)).toEqual([
      { Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: topic },
      { Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: key },
    ]);
  });

  test("alertTo a second topic is refused with a sentence naming the construct", () => {
    const { drain } = build();
    drain.alertTo("arn:aws:sns:eu-west-1:123456789012:a");
    expect(() => drain.alertTo("arn:aws:sns:eu-west-1:123456789012:b")).toThrow(/alertTo was already called; a drain hook alerts to one topic/);
  });

  test("alertTo keeps STANDALONE_TASKS when tasks are stopped", () => {
    const { drain, json } = build({ standaloneTasks: "stop" });
    drain.alertTo("arn:aws:sns:eu-west-1:123456789012:demo-alerts");
    expect(block(json(), drain.function).environment.variables).toEqual(expect.objectContaining({ STANDALONE_TASKS: "stop", ALERT_TOPIC_ARN: expect.any(String) }));
  });

  // Name rules: config/validate/aws-names.ts; SQS queue names: up to 80 characters
  // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
  test.each([
    ["32 characters (the config's longest)", 32],
    ["100 characters (a direct user's; the ECS limit is 255)", 100],
  ])("with a cluster name of %s every generated name is one AWS accepts", (_what, length) => {
    const clusterName = `${"c".repeat(length - 1)}x`;
    const { drain, json } = build({ clusterName });
    const out = json();
    expect(awsName("lambdaFunction", block(out, drain.function).function_name)).toBeUndefined();
    expect(awsName("logGroup", block(out, drain.logGroup).name)).toBeUndefined();
    expect(awsName("iamRole", block(out, drain.role).name_prefix, { prefix: true })).toBeUndefined();
    expect(awsName("eventRule", block(out, drain.rule).name)).toBeUndefined();
    for (const queue of blocks(out, "aws_sqs_queue")) expect(queue.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

describe("DrainHook refuses at synth (node.addValidation)", () => {
  test.each([
    // Lambda function timeout: at most 900 s (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
    [{ functionTimeoutSeconds: 9 }, "functionTimeoutSeconds (9) must be between 10 and 900"],
    [{ functionTimeoutSeconds: 901 }, "functionTimeoutSeconds (901) must be between 10 and 900"],
    // PutLifecycleHook HeartbeatTimeout: "The range is from 30 to 7200 seconds"
    // (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html).
    [{ heartbeatTimeoutSeconds: 29 }, "heartbeatTimeoutSeconds (29) must be between 30 and 7200"],
    [{ heartbeatTimeoutSeconds: 7201 }, "heartbeatTimeoutSeconds (7201) must be between 30 and 7200"],
    // SQS message DelaySeconds: 0 to 900 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
    [{ pollIntervalSeconds: 4 }, "pollIntervalSeconds (4) must be between 5 and 900 (the SQS message delay limit)"],
    [{ pollIntervalSeconds: 901 }, "pollIntervalSeconds (901) must be between 5 and 900 (the SQS message delay limit)"],
    [
      { heartbeatTimeoutSeconds: 779 },
      "heartbeatTimeoutSeconds (779) must be at least 2 × (pollIntervalSeconds (30) + 6 × functionTimeoutSeconds (60)), so a poll that fails once still heartbeats in time",
    ],
  ])("%j", (extra, message) => {
    expect(new DrainHook(stack(), "drain", props(extra)).node.validate()).toContainEqual(expect.stringContaining(message));
  });

  test("accepts a heartbeat of exactly 2 × (poll interval + 6 × function timeout)", () => {
    expect(new DrainHook(stack(), "drain", props({ heartbeatTimeoutSeconds: 780 })).node.validate()).toEqual([]);
    expect(new DrainHook(stack(), "drain", props({ heartbeatTimeoutSeconds: 2 * (5 + 6 * 10), pollIntervalSeconds: 5, functionTimeoutSeconds: 10 })).node.validate()).toEqual([]);
  });
});
