import { Construct } from "constructs";
import { CloudwatchEventRule } from "../framework/provider-aws";
import { CloudwatchEventTarget } from "../framework/provider-aws";
import { LambdaEventSourceMapping } from "../framework/provider-aws";
import { LambdaFunction } from "../framework/provider-aws";
import { SqsQueue } from "../framework/provider-aws";
import { SqsQueuePolicy } from "../framework/provider-aws";
import { ITerraformDependable } from "../framework/cdktf";
import { PolicyStatement, policyDocument } from "./iam-policy";

export interface EventQueueProps {
  /** Queue name (`.fifo` is appended for FIFO queues); the dead-letter queue adds `-dlq`. */
  readonly name: string;
  /** The EventBridge rule whose events the queue receives. */
  readonly rule: CloudwatchEventRule;
  /** The function reading the queue (batch size 1). */
  readonly consumer: LambdaFunction;
  /** What the event source mapping waits for (the consumer role's SQS permissions). @default - nothing */
  readonly consumerDependsOn?: ITerraformDependable[];
  /**
   * Seconds a received message stays invisible. AWS: "set the source queue's visibility timeout to
   * at least six times the timeout that you configure on your function"
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
   */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before SQS moves a message to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /**
   * FIFO queue with content-based deduplication: a duplicate delivery of the same event (same body)
   * within SQS's 5-minute deduplication interval is dropped. EventBridge requires content-based
   * deduplication on FIFO targets (EventBridge API reference, Target.SqsParameters).
   * @default false
   */
  readonly fifo?: boolean;
  /** Queue-level delay before a message can be received (at most 900). @default 0 */
  readonly delaySeconds?: number;
  readonly targetId: string;
}

/**
 * An SQS queue between an EventBridge rule and a Lambda function, with a dead-letter queue, so
 * nothing is dropped silently: failed invocations come back after the visibility timeout and land
 * in the dead-letter queue after `maxReceiveCount`; for standard queues, events EventBridge cannot
 * deliver go to the same dead-letter queue (EventBridge does not accept FIFO dead-letter queues).
 * Both queues use SQS-managed encryption, which EventBridge can send to without a key policy.
 */
export class EventQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly deadLetterQueue: SqsQueue;
  public readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: EventQueueProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;
    const suffix = fifo ? ".fifo" : "";
    this.maxReceiveCount = props.maxReceiveCount ?? 5;
    // SQS limits (CreateQueue / RedrivePolicy: DelaySeconds 0 to 900, maxReceiveCount 1 to 1,000).
    const delay = props.delaySeconds ?? 0;
    this.node.addValidation({
      validate: () => [
        ...(delay < 0 || delay > 900 ? [`delaySeconds (${delay}) must be between 0 and 900`] : []),
        ...(this.maxReceiveCount < 1 || this.maxReceiveCount > 1000 ? [`maxReceiveCount (${this.maxReceiveCount}) must be between 1 and 1000`] : []),
      ],
    });

    this.deadLetterQueue = new SqsQueue(this, "dlq", {
      name: `${props.name}-dlq${suffix}`,
      fifoQueue: fifo || undefined,
      messageRetentionSeconds: 1209600, // 14 days, the SQS maximum
      sqsManagedSseEnabled: true,
    });
    this.queue = new SqsQueue(this, "queue", {
      name: `${props.name}${suffix}`,
      fifoQueue: fifo || undefined,
      contentBasedDeduplication: fifo || undefined,
      delaySeconds: props.delaySeconds,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: this.maxReceiveCount }),
    });

    // EventBridge may send to the queue (and to its DLQ) from this rule only.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
    const fromRule = (queue: SqsQueue): string =>
      policyDocument([
        {
          Sid: "EventBridgeRule",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": props.rule.arn } },
        },
      ]);
    new SqsQueuePolicy(this, "policy", { queueUrl: this.queue.url, policy: fromRule(this.queue) });
    if (!fifo) new SqsQueuePolicy(this, "dlq-policy", { queueUrl: this.deadLetterQueue.url, policy: fromRule(this.deadLetterQueue) });

    new CloudwatchEventTarget(this, "target", {
      rule: props.rule.name,
      targetId: props.targetId,
      arn: this.queue.arn,
      ...(fifo ? { sqsTarget: { messageGroupId: props.targetId } } : { deadLetterConfig: { arn: this.deadLetterQueue.arn } }),
    });
    new LambdaEventSourceMapping(this, "source", {
      eventSourceArn: this.queue.arn,
      functionName: props.consumer.arn,
      batchSize: 1,
      dependsOn: props.consumerDependsOn,
    });
  }

  /** What the consumer's role needs to read the queue (the event source mapping uses that role). */
  public consumerStatements(sid: string): PolicyStatement[] {
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (execution role permissions)
    return [{ Sid: sid, Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: this.queue.arn }];
  }
}
