import { Annotations } from "../framework/cdktf";
import { Construct } from "constructs";
import { CloudwatchEventRule } from "../framework/provider-aws";
import { CloudwatchLogGroup } from "../framework/provider-aws";
import { DataAwsCallerIdentity } from "../framework/provider-aws";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicy } from "../framework/provider-aws";
import { LambdaFunction } from "../framework/provider-aws";
import { SnsTopic } from "../framework/provider-aws";
import { SnsTopicSubscription } from "../framework/provider-aws";
import { EventQueue } from "./event-queue";
import { PolicyStatement, assumeRolePolicy, partitionOf, policyDocument } from "./iam-policy";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaHandlerAsset } from "./lambda-code";
import { fitPrefix } from "./names";

/** The AWS managed key for SNS; its key policy lets publishers in the account use it through SNS. */
export const SNS_MANAGED_KEY = "alias/aws/sns";
/** Timeout of one alert invocation. */
export const ALERT_FUNCTION_TIMEOUT_SECONDS = 30;
/** Lambda: "The total size of all environment variables doesn't exceed 4 KB" (Lambda quotas); room is left for the others. */
export const LOG_STREAMS_MAX_BYTES = 3000;

/** awslogs group and stream prefix of one task definition family. */
export interface AlertLogStreams {
  readonly group: string;
  readonly prefix: string;
}

export interface TaskAlertsProps {
  /** Prefix for the topic, function, role, rule and queue names (the cluster name). */
  readonly namePrefix: string;
  /** Cluster whose events are watched. */
  readonly clusterArn: string;
  /** Cluster name, for re-checking hosts (DescribeContainerInstances). */
  readonly clusterName: string;
  /** Region of the cluster, for the container instance ARNs. */
  readonly region: string;
  /** E-mail addresses subscribed to the topic. @default - none: subscribe other endpoints yourself */
  readonly emails?: string[];
  /** Container names whose exit alone is no alert (sidecars). @default - none */
  readonly nonEssentialContainers?: string[];
  /** Alert on tasks that stop abnormally. @default true */
  readonly taskStopped?: boolean;
  /** Alert on container agents that stay disconnected past the grace period. @default true */
  readonly agentDisconnected?: boolean;
  /**
   * Alert when a host leaves ACTIVE (DRAINING, deregistered) while its Auto Scaling group still has
   * it in service, i.e. not through a scale-in, instance refresh or drain hook. @default true
   */
  readonly hostLeftActive?: boolean;
  /** Seconds a disconnected agent has to reconnect before it is an alert (at most 900, the SQS delay limit). @default 300 */
  readonly agentDisconnectedGraceSeconds?: number;
  /** Log group and stream prefix per task definition family, for links to the containers' logs. @default - no links */
  readonly logStreams?: Record<string, AlertLogStreams>;
  /** Customer managed KMS key ARN for the topic. @default - the AWS managed key alias/aws/sns */
  readonly topicKmsKeyArn?: string;
  /** Retention of the function's log group. @default 30 */
  readonly logRetentionInDays?: number;
}

/**
 * Alerts on abnormal task exits, on agents that stay disconnected and on hosts that leave ACTIVE
 * outside a scale-in: EventBridge rules on the cluster's ECS events → SQS FIFO queues (duplicate
 * deliveries dropped; the agent queue also delays by the grace period) → the task-alert function (functions/task-alert) → an encrypted SNS
 * topic with optional e-mail subscriptions.
 *
 * Events: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 */
export class TaskAlerts extends Construct {
  public readonly topic: SnsTopic;
  public readonly function: LambdaFunction;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;
  public readonly rules: Record<string, CloudwatchEventRule> = {};
  public readonly queues: Record<string, EventQueue> = {};
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: TaskAlertsProps) {
    super(scope, id);
    const taskStopped = props.taskStopped ?? true;
    const agentDisconnected = props.agentDisconnected ?? true;
    const hostLeftActive = props.hostLeftActive ?? true;
    const grace = props.agentDisconnectedGraceSeconds ?? 300;
    const retention = props.logRetentionInDays ?? 30;
    // Invariants, checked at synth (configs are checked earlier, with config paths).
    const problems: string[] = [];
    if (!taskStopped && !agentDisconnected && !hostLeftActive) {
      problems.push("taskStopped, agentDisconnected and hostLeftActive are all false: at least one alert must be on, or leave alerts out");
    }
    if (grace < 0 || grace > 900) problems.push(`agentDisconnectedGraceSeconds (${grace}) must be between 0 and 900 (the SQS delay limit)`);
    for (const email of props.emails ?? []) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(`emails: ${JSON.stringify(email)} is not an e-mail address`);
    }
    this.node.addValidation({ validate: () => problems });
    this.namePrefix = fitPrefix(props.namePrefix, 40);
    const functionName = `${this.namePrefix}-task-alert`;

    this.topic = new SnsTopic(this, "topic", {
      name: `${fitPrefix(props.namePrefix, 244)}-alerts`,
      kmsMasterKeyId: props.topicKmsKeyArn ?? SNS_MANAGED_KEY,
    });
    // One subscription per address, compared without case (the config refuses such repeats; a
    // direct user gets the first spelling).
    const seen = new Set<string>();
    const emails = (props.emails ?? []).filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
    for (const email of emails) {
      new SnsTopicSubscription(this, `email-${email.toLowerCase()}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email });
    }

    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: `/aws/lambda/${functionName}`, retentionInDays: retention });
    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(props.namePrefix, 26)}-alert-`,
      description: "Task-alert function: publishes ECS task and agent alerts to its topic",
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
    });

    const logStreams = Object.fromEntries(
      Object.entries(props.logStreams ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([family, s]) => [family, [s.group, s.prefix]]),
    );
    let logStreamsJson = Object.keys(logStreams).length > 0 ? JSON.stringify(logStreams) : undefined;
    if (logStreamsJson && Buffer.byteLength(logStreamsJson) > LOG_STREAMS_MAX_BYTES) {
      Annotations.of(this).addWarning(
        `alerts: the log links of ${Object.keys(logStreams).length} task families (${Buffer.byteLength(logStreamsJson)} bytes) do not fit Lambda's 4 KB of environment variables; alerts go out without log links`,
      );
      logStreamsJson = undefined;
    }
    const code = lambdaHandlerAsset(this, "code", "task-alert");
    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: `Alerts on abnormal ECS task exits and on hosts in ${props.namePrefix}`,
      role: this.role.arn,
      handler: LAMBDA_HANDLER,
      runtime: LAMBDA_RUNTIME,
      filename: code.path,
      sourceCodeHash: code.assetHash,
      timeout: ALERT_FUNCTION_TIMEOUT_SECONDS,
      memorySize: 128,
      environment: {
        variables: {
          TOPIC_ARN: this.topic.arn,
          CLUSTER_NAME: props.clusterName,
          ...(agentDisconnected ? { GRACE_SECONDS: String(grace) } : {}),
          ...(props.nonEssentialContainers && props.nonEssentialContainers.length > 0
            ? { NON_ESSENTIAL_CONTAINERS: [...new Set(props.nonEssentialContainers)].sort().join(",") }
            : {}),
          ...(logStreamsJson ? { LOG_STREAMS: logStreamsJson } : {}),
        },
      },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
      dependsOn: [this.logGroup],
    });

    const policy = new IamRolePolicy(this, "policy", { role: this.role.name, name: "task-alert", policy: "" });
    if (taskStopped) {
      this.addRule("task-stopped", "ECS tasks of the cluster that stopped", 0, policy, {
        "detail-type": ["ECS Task State Change"],
        detail: { clusterArn: [props.clusterArn], lastStatus: ["STOPPED"] },
      });
    }
    if (agentDisconnected) {
      this.addRule("agent-disconnected", "ECS container agents of the cluster that disconnected", grace, policy, {
        "detail-type": ["ECS Container Instance State Change"],
        detail: { clusterArn: [props.clusterArn], agentConnected: [false] },
      });
    }
    if (hostLeftActive) {
      // DRAINING: each task that stops on a draining host sends one more event; the function marks
      // the host after its alert. INACTIVE: DeregisterContainerInstance "changes the status of the
      // container instance" (Amazon ECS container instance state change events).
      this.addRule("host-left-active", "ECS container instances of the cluster that left ACTIVE", 0, policy, {
        "detail-type": ["ECS Container Instance State Change"],
        detail: { clusterArn: [props.clusterArn], status: ["DRAINING", "INACTIVE"] },
      });
    }

    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const containerInstances = `arn:${partitionOf(props.region)}:ecs:${props.region}:${account}:container-instance/${props.clusterName}/*`;
    const statements: PolicyStatement[] = [
      // The function's own log group only (no logs:CreateLogGroup: Terraform creates it).
      { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
      { Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: this.topic.arn },
      // Re-check a disconnected host, and name a failed task's EC2 instance.
      {
        Sid: "DescribeHosts",
        Effect: "Allow",
        Action: "ecs:DescribeContainerInstances",
        Resource: containerInstances,
      },
      ...(hostLeftActive
        ? [
            // Mark a host once alerted (a custom attribute), so its drain is one alert.
            {
              Sid: "MarkHosts",
              Effect: "Allow",
              Action: "ecs:PutAttributes",
              Resource: containerInstances,
            } as PolicyStatement,
            // Who is taking the host away: its Auto Scaling lifecycle state. The action has no
            // resource-level permissions (Service Authorization Reference, Amazon EC2 Auto Scaling).
            { Sid: "HostGroupState", Effect: "Allow", Action: "autoscaling:DescribeAutoScalingInstances", Resource: "*" } as PolicyStatement,
          ]
        : []),
      ...Object.entries(this.queues).flatMap(([name, q]) => q.consumerStatements(`Read${name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`)),
    ];
    if (props.topicKmsKeyArn) {
      // A customer managed key: publishers need these on the key.
      // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      statements.push({ Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: props.topicKmsKeyArn });
    }
    policy.policy = policyDocument(statements);
  }

  private addRule(id: string, description: string, delaySeconds: number, policy: IamRolePolicy, pattern: Record<string, unknown>): void {
    const rule = new CloudwatchEventRule(this, id, {
      name: `${this.namePrefix}-${id}`,
      description,
      eventPattern: JSON.stringify({ source: ["aws.ecs"], ...pattern }),
    });
    this.rules[id] = rule;
    this.queues[id] = new EventQueue(this, `${id}-queue`, {
      name: `${this.namePrefix}-${id}`,
      rule,
      consumer: this.function,
      consumerDependsOn: [policy],
      visibilityTimeoutSeconds: 6 * ALERT_FUNCTION_TIMEOUT_SECONDS,
      fifo: true,
      delaySeconds: delaySeconds > 0 ? delaySeconds : undefined,
      targetId: id,
    });
  }
}
