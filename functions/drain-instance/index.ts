/**
 * Drains an ECS container instance before Auto Scaling terminates it.
 *
 * Trigger: an SQS queue (batch size 1). EventBridge sends the group's
 * "EC2 Instance-terminate Lifecycle Action" events of this hook to the queue; each poll that finds
 * tasks still open sends a continuation back to it with a delay (see ./drain.ts).
 *
 * Environment:
 *   CLUSTER_NAME               (required) ECS cluster the hosts are registered in.
 *   QUEUE_URL                  (required) the queue this function reads; continuations go there.
 *   HEARTBEAT_TIMEOUT_SECONDS  (required) the lifecycle hook's heartbeat timeout.
 *   POLL_INTERVAL_SECONDS      (optional, default 30) delay between polls.
 *   ASG_NAME, HOOK_NAME        (optional) only handle actions of this group / hook.
 *   STANDALONE_TASKS           (optional) `wait` (default) or `stop`.
 *   ALERT_TOPIC_ARN            (optional) SNS topic for drains that will hit the hook's global timeout.
 *   MAX_RECEIVE_COUNT          (optional) the queue's redrive maxReceiveCount: the last failing
 *                              delivery publishes an alert before SQS moves the message to the DLQ.
 *
 * Bundled by esbuild (modules/lambda-code.ts); the AWS SDK v3 comes with the nodejs22.x runtime.
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "../shared/envelope";
import { receiveCount } from "../shared/envelope";
import { Log, errorMessage, jsonLog } from "../shared/log";
import { DrainClients, DrainConfig, DrainStepResult, drainStep } from "./drain";
import { readMessage } from "./message";

export { DrainConfig, DrainStepResult, drainStep, globalTimeoutSeconds, timeoutAlertText } from "./drain";
export { STOP_TASK_REASON } from "./ecs";

const log: Log = jsonLog("drain-instance");

// `maxAttempts: 1`: ../shared/retry.ts is the one retry layer.
let clients: DrainClients | undefined;
function awsClients(): DrainClients {
  clients ??= {
    ecs: new ECSClient({ maxAttempts: 1 }),
    autoscaling: new AutoScalingClient({ maxAttempts: 1 }),
    sqs: new SQSClient({ maxAttempts: 1 }),
    sns: new SNSClient({ maxAttempts: 1 }),
  };
  return clients;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DrainConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} environment variable is required`);
    return value;
  };
  const heartbeatTimeoutSeconds = Number(required("HEARTBEAT_TIMEOUT_SECONDS"));
  const pollIntervalSeconds = Number(env.POLL_INTERVAL_SECONDS || 30);
  if (!(heartbeatTimeoutSeconds >= 30)) throw new Error(`HEARTBEAT_TIMEOUT_SECONDS (${env.HEARTBEAT_TIMEOUT_SECONDS}) must be a number of seconds >= 30`);
  if (!(pollIntervalSeconds >= 0 && pollIntervalSeconds <= 900)) throw new Error(`POLL_INTERVAL_SECONDS (${env.POLL_INTERVAL_SECONDS}) must be between 0 and 900`);
  return {
    clusterName: required("CLUSTER_NAME"),
    queueUrl: required("QUEUE_URL"),
    heartbeatTimeoutSeconds,
    pollIntervalSeconds,
    asgName: env.ASG_NAME || undefined,
    hookName: env.HOOK_NAME || undefined,
    standaloneTasks: env.STANDALONE_TASKS === "stop" ? "stop" : "wait",
    alertTopicArn: env.ALERT_TOPIC_ARN || undefined,
  };
}

async function processRecord(record: SQSRecord, config: DrainConfig): Promise<DrainStepResult> {
  const message = readMessage(record.body, Date.now());
  if (!message) {
    log({ step: "ignore", reason: "body is neither a lifecycle action nor a continuation", messageId: record.messageId });
    return { outcome: "ignored", reason: "unreadable message" };
  }
  try {
    return await drainStep(message.event, message.state, awsClients(), config, log);
  } catch (err) {
    const maxReceiveCount = Number(process.env.MAX_RECEIVE_COUNT || 0);
    const attempt = receiveCount(record);
    log({ step: "error", level: "ERROR", instanceId: message.event.detail?.EC2InstanceId, attempt, maxReceiveCount, error: errorMessage(err) });
    if (maxReceiveCount > 0 && attempt >= maxReceiveCount && config.alertTopicArn) {
      await awsClients()
        .sns.send(
          new PublishCommand({
            TopicArn: config.alertTopicArn,
            Subject: `${config.clusterName.slice(0, 50)}: drain function failing, message to DLQ`,
            Message: [
              `The drain of EC2 instance ${message.event.detail?.EC2InstanceId} failed ${attempt} times; SQS now moves its message to the dead-letter queue`,
              `and nothing polls this host any more. The lifecycle hook's timeout will end the wait (its default result applies).`,
              "",
              `Last error: ${errorMessage(err)}`,
              "",
              "What to do: read the function's log group, fix the cause, and redrive the dead-letter queue (aws sqs start-message-move-task).",
            ].join("\n"),
          }),
        )
        .catch((publishErr: unknown) => log({ step: "alert", level: "ERROR", error: errorMessage(publishErr) }));
    }
    throw err;
  }
}

/** The queue's event source mapping uses batch size 1; a thrown error returns the message to the queue. */
export async function handler(event: SQSEvent): Promise<DrainStepResult[]> {
  const config = configFromEnv();
  const results: DrainStepResult[] = [];
  for (const record of event.Records ?? []) results.push(await processRecord(record, config));
  return results;
}
