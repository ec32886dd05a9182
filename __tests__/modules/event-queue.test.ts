import { TerraformStack } from "../../framework/cdktf";
import { CloudwatchEventRule, IamRolePolicy, LambdaFunction } from "../../framework/provider-aws";
import { EventQueue, EventQueueProps } from "../../modules/event-queue";
import { block, blocks, ref, resolved, stack, synth } from "./helpers";

function build(extra: Partial<EventQueueProps> = {}) {
  const s: TerraformStack = stack();
  const rule = new CloudwatchEventRule(s, "rule", { name: "demo-rule", eventPattern: JSON.stringify({ source: ["aws.ecs"] }) });
  const consumer = new LambdaFunction(s, "consumer", { functionName: "demo-consumer", role: "arn:aws:iam::123456789012:role/demo", filename: "code.zip" });
  const queue = new EventQueue(s, "events", { name: "demo-events", rule, consumer, visibilityTimeoutSeconds: 180, targetId: "events", ...extra });
  return { s, rule, consumer, queue, json: synth(s) };
}

// EventBridge may send to a queue only where the queue's policy lets events.amazonaws.com, from this rule:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
const fromRule = (queueArn: string, ruleArn: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EventBridgeRule",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    },
  ],
});

describe("EventQueue", () => {
  test("standard queue by default: plain names, a 14-day dead-letter queue after 5 deliveries, both SQS-encrypted", () => {
    const { queue, json } = build();
    expect(block(json, queue.queue)).toEqual({
      name: "demo-events",
      visibility_timeout_seconds: 180,
      sqs_managed_sse_enabled: true,
      redrive_policy: JSON.stringify({ deadLetterTargetArn: ref(queue.deadLetterQueue, "arn"), maxReceiveCount: 5 }),
    });
    // 1209600 s = 14 days, the SQS maximum message retention (SetQueueAttributes, MessageRetentionPeriod).
    expect(block(json, queue.deadLetterQueue)).toEqual({ name: "demo-events-dlq", message_retention_seconds: 1209600, sqs_managed_sse_enabled: true });
    expect(queue.maxReceiveCount).toBe(5);
  });

  // EventBridge sends what it cannot deliver to a target's dead-letter queue, which must be a standard
  // queue ("EventBridge DLQs are standard Amazon SQS queues",
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html#eb-rule-dlq).
  test("standard queue: the rule targets the queue, undeliverable events go to the dead-letter queue, both open to this rule only", () => {
    const { rule, queue, json } = build();
    expect(blocks(json, "aws_cloudwatch_event_target")).toEqual([
      { rule: ref(rule, "name"), target_id: "events", arn: ref(queue.queue, "arn"), dead_letter_config: { arn: ref(queue.deadLetterQueue, "arn") } },
    ]);
    const policies = blocks(json, "aws_sqs_queue_policy").map((p) => [p.queue_url, JSON.parse(p.policy)]);
    expect(policies).toHaveLength(2);
    expect(policies).toEqual(
      expect.arrayContaining([
        [ref(queue.queue, "url"), fromRule(ref(queue.queue, "arn"), ref(rule, "arn"))],
        [ref(queue.deadLetterQueue, "url"), fromRule(ref(queue.deadLetterQueue, "arn"), ref(rule, "arn"))],
      ]),
    );
  });

  // SQS: "a FIFO queue can only use a FIFO DLQ"
  // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html);
  // EventBridge requires content-based deduplication on FIFO targets and a message group id
  // (EventBridge API reference, Target.SqsParameters), and takes no FIFO dead-letter queue.
  test("FIFO queue: content-based deduplication, the dead-letter queue is FIFO too, events grouped by target id, no EventBridge dead-letter queue", () => {
    const { rule, queue, json } = build({ fifo: true });
    expect(block(json, queue.queue)).toEqual(expect.objectContaining({ name: "demo-events.fifo", fifo_queue: true, content_based_deduplication: true }));
    expect(block(json, queue.deadLetterQueue)).toEqual(expect.objectContaining({ name: "demo-events-dlq.fifo", fifo_queue: true }));
    expect(block(json, queue.deadLetterQueue).content_based_deduplication).toBeUndefined();
    expect(blocks(json, "aws_cloudwatch_event_target")).toEqual([
      { rule: ref(rule, "name"), target_id: "events", arn: ref(queue.queue, "arn"), sqs_target: { message_group_id: "events" } },
    ]);
    expect(blocks(json, "aws_sqs_queue_policy").map((p) => p.queue_url)).toEqual([ref(queue.queue, "url")]);
  });

  test("a standard queue sets no FIFO attributes at all", () => {
    const { queue, json } = build({ fifo: false });
    for (const q of [queue.queue, queue.deadLetterQueue]) {
      expect(block(json, q).fifo_queue).toBeUndefined();
      expect(block(json, q).content_based_deduplication).toBeUndefined();
    }
  });

  test("maxReceiveCount and delaySeconds reach the redrive policy and the queue; no delay by default", () => {
    const plain = build();
    expect(block(plain.json, plain.queue.queue).delay_seconds).toBeUndefined();
    const { queue, json } = build({ maxReceiveCount: 3, delaySeconds: 120 });
    expect(queue.maxReceiveCount).toBe(3);
    expect(block(json, queue.queue).delay_seconds).toBe(120);
    expect(JSON.parse(block(json, queue.queue).redrive_policy).maxReceiveCount).toBe(3);
  });

  test("the consumer reads one message per invocation, once what it waits for exists", () => {
    const plain = build();
    expect(blocks(plain.json, "aws_lambda_event_source_mapping")).toEqual([
      { event_source_arn: ref(plain.queue.queue, "arn"), function_name: ref(plain.consumer, "arn"), batch_size: 1 },
    ]);

    const s = stack();
    const rule = new CloudwatchEventRule(s, "rule", { name: "r", eventPattern: "{}" });
    const consumer = new LambdaFunction(s, "consumer", { functionName: "c", role: "arn:aws:iam::123456789012:role/c", filename: "code.zip" });
    const permissions = new IamRolePolicy(s, "permissions", { role: "c", policy: "{}" });
    new EventQueue(s, "events", { name: "q", rule, consumer, visibilityTimeoutSeconds: 60, targetId: "t", consumerDependsOn: [permissions] });
    expect(blocks(synth(s), "aws_lambda_event_source_mapping")[0].depends_on).toEqual([`aws_iam_role_policy.${permissions.friendlyUniqueId}`]);
  });

  // Execution role permissions of an SQS event source:
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
  test("consumerStatements: receive, delete and read attributes of the main queue, not the dead-letter queue", () => {
    const { s, queue } = build();
    expect(resolved(s, queue.consumerStatements("ReadEvents"))).toEqual([
      { Sid: "ReadEvents", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: ref(queue.queue, "arn") },
    ]);
  });
});

// SQS: DelaySeconds 0 to 900 (SetQueueAttributes), maxReceiveCount 1 to 1,000 (RedrivePolicy),
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
describe("EventQueue refuses at synth (node.addValidation)", () => {
  test.each([
    [{ delaySeconds: 901 }, "delaySeconds (901) must be between 0 and 900"],
    [{ delaySeconds: -1 }, "delaySeconds (-1) must be between 0 and 900"],
    [{ maxReceiveCount: 0 }, "maxReceiveCount (0) must be between 1 and 1000"],
    [{ maxReceiveCount: 1001 }, "maxReceiveCount (1001) must be between 1 and 1000"],
  ])("%j", (extra, message) => {
    expect(build(extra).queue.node.validate()).toEqual([message]);
  });

  test("accepts the limits, 900 s of delay and 1,000 receives", () => {
    expect(build({ delaySeconds: 900, maxReceiveCount: 1000 }).queue.node.validate()).toEqual([]);
  });
});
