import { Construct } from "constructs";
import { AutoscalingLifecycleHook } from "../framework/provider-aws";
import { CloudwatchEventRule } from "../framework/provider-aws";
import { CloudwatchLogGroup } from "../framework/provider-aws";
import { DataAwsCallerIdentity } from "../framework/provider-aws";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicy } from "../framework/provider-aws";
import { LambdaFunction } from "../framework/provider-aws";
import { EventQueue } from "./event-queue";
import { PolicyStatement, assumeRolePolicy, partitionOf, policyDocument } from "./iam-policy";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaHandlerAsset } from "./lambda-code";
import { fitPrefix } from "./names";

/** The lifecycle hook's name; the EventBridge rule matches it in `detail.LifecycleHookName`. */
export const DRAIN_HOOK_NAME = "drain-ecs-tasks";
/** Deliveries of one drain message before SQS moves it to the dead-letter queue. */
export const DRAIN_MAX_RECEIVE_COUNT = 5;
/** AWS recommends a visibility timeout of at least six times the function timeout for SQS event sources. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface DrainHookProps {
  /** Cluster the hosts are registered in (CLUSTER_NAME of the function). */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Region of the cluster, for the container instance ARNs. */
  readonly region: string;
  /** The Auto Scaling group whose terminating hosts are drained. */
  readonly autoScalingGroup: { readonly name: string; readonly arn: string };
  /**
   * Seconds a terminating host waits for a heartbeat before `defaultResult` applies. The function
   * heartbeats every half of it, up to the hook's global timeout (100 × this, at most 48 hours).
   * @default 1200
   */
  readonly heartbeatTimeoutSeconds?: number;
  /** Seconds between two polls of a draining host (SQS message delay, at most 900). @default 30 */
  readonly pollIntervalSeconds?: number;
  /** Timeout of one poll; a failed poll is delivered again after six times this. @default 60 */
  readonly functionTimeoutSeconds?: number;
  /** @default "CONTINUE" */
  readonly defaultResult?: "CONTINUE" | "ABANDON";
  /** @default 30 */
  readonly logRetentionInDays?: number;
  /**
   * What the function does with standalone tasks (RunTask, scheduled tasks; DRAINING does not move
   * them): `wait` for them to end, or `stop` them once no service task is left on the host.
   * @default "wait"
   */
  readonly standaloneTasks?: "wait" | "stop";
}

/**
 * Drains ECS hosts before Auto Scaling terminates them: a termination lifecycle hook on the group,
 * an EventBridge rule for exactly that group's and hook's lifecycle actions, an SQS queue (with a
 * dead-letter queue) that carries the action and the function's own delayed re-polls, and the
 * drain-instance function (sets the container instance to DRAINING, waits until every task on it
 * is STOPPED, heartbeating, then completes the action), scoped to this cluster and this group.
 * https://aws.amazon.com/blogs/compute/how-to-automate-container-instance-draining-in-amazon-ecs/
 */
export class DrainHook extends Construct {
  public readonly hook: AutoscalingLifecycleHook;
  public readonly function: LambdaFunction;
  public readonly rule: CloudwatchEventRule;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly queue: EventQueue;
  private readonly variables: Record<string, string>;

  constructor(scope: Construct, id: string, props: DrainHookProps) {
    super(scope, id);
    const heartbeatTimeout = props.heartbeatTimeoutSeconds ?? 1200;
    const pollInterval = props.pollIntervalSeconds ?? 30;
    const functionTimeout = props.functionTimeoutSeconds ?? 60;
    const standaloneTasks = props.standaloneTasks ?? "wait";
    const visibilityTimeout = VISIBILITY_TIMEOUT_FACTOR * functionTimeout;
    // Invariants, checked at synth (configs are checked earlier, with config paths).
    const problems: string[] = [];
    if (functionTimeout < 10 || functionTimeout > 900) problems.push(`functionTimeoutSeconds (${functionTimeout}) must be between 10 and 900`);
    if (heartbeatTimeout < 30 || heartbeatTimeout > 7200) problems.push(`heartbeatTimeoutSeconds (${heartbeatTimeout}) must be between 30 and 7200`);
    if (pollInterval < 5 || pollInterval > 900) problems.push(`pollIntervalSeconds (${pollInterval}) must be between 5 and 900 (the SQS message delay limit)`);
    if (heartbeatTimeout < 2 * (pollInterval + visibilityTimeout)) {
      problems.push(
        `heartbeatTimeoutSeconds (${heartbeatTimeout}) must be at least 2 × (pollIntervalSeconds (${pollInterval}) + 6 × functionTimeoutSeconds (${functionTimeout})), so a poll that fails once still heartbeats in time`,
      );
    }
    this.node.addValidation({ validate: () => problems });
    // Lambda function names: at most 64 characters (CreateFunction API reference).
    const functionName = `${fitPrefix(props.clusterName, 49)}-drain-instance`;

    this.hook = new AutoscalingLifecycleHook(this, "hook", {
      name: DRAIN_HOOK_NAME,
      autoscalingGroupName: props.autoScalingGroup.name,
      lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
      heartbeatTimeout,
      defaultResult: props.defaultResult ?? "CONTINUE",
    });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionInDays ?? 30,
    });

    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(`${props.clusterName}-drain`, 37)}-`,
      description: `Drains ECS hosts of cluster ${props.clusterName} before Auto Scaling terminates them`,
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
    });

    // Only this group's actions of this hook: another hook on the group (or a launch hook) is not ours.
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: `${fitPrefix(props.clusterName, 40)}-drain-instance`,
      description: `Terminate lifecycle actions of the ECS hosts of cluster ${props.clusterName}`,
      eventPattern: JSON.stringify({
        source: ["aws.autoscaling"],
        "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
        detail: { AutoScalingGroupName: [props.autoScalingGroup.name], LifecycleHookName: [this.hook.name] },
      }),
    });

    const code = lambdaHandlerAsset(this, "code", "drain-instance");
    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: `Drains ECS hosts of cluster ${props.clusterName} before termination`,
      role: this.role.arn,
      handler: LAMBDA_HANDLER,
      runtime: LAMBDA_RUNTIME,
      filename: code.path,
      sourceCodeHash: code.assetHash,
      timeout: functionTimeout,
      memorySize: 128,
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
    });

    const policy = new IamRolePolicy(this, "policy", { name: "drain-instance", role: this.role.name, policy: "" });
    this.queue = new EventQueue(this, "queue", {
      name: `${fitPrefix(props.clusterName, 60)}-drain`,
      rule: this.rule,
      consumer: this.function,
      consumerDependsOn: [policy],
      visibilityTimeoutSeconds: visibilityTimeout,
      maxReceiveCount: DRAIN_MAX_RECEIVE_COUNT,
      targetId: "drain-instance",
    });
    this.variables = {
      CLUSTER_NAME: props.clusterName,
      ASG_NAME: props.autoScalingGroup.name,
      HOOK_NAME: this.hook.name,
      QUEUE_URL: this.queue.queue.url,
      HEARTBEAT_TIMEOUT_SECONDS: String(heartbeatTimeout),
      POLL_INTERVAL_SECONDS: String(pollInterval),
      MAX_RECEIVE_COUNT: String(DRAIN_MAX_RECEIVE_COUNT),
      ...(standaloneTasks === "stop" ? { STANDALONE_TASKS: "stop" } : {}),
    };
    this.function.putEnvironment({ variables: this.variables });

    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const ecsArnPrefix = `arn:${partitionOf(props.region)}:ecs:${props.region}:${account}`;
    const containerInstances = `${ecsArnPrefix}:container-instance/${props.clusterName}/*`;
    const inThisCluster = { ArnEquals: { "ecs:cluster": props.clusterArn } };
    // Actions and resource types: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html,
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html and list_amazonsqs.html
    const statements: PolicyStatement[] = [
      { Sid: "FindHosts", Effect: "Allow", Action: "ecs:ListContainerInstances", Resource: props.clusterArn },
      { Sid: "DrainHosts", Effect: "Allow", Action: ["ecs:DescribeContainerInstances", "ecs:UpdateContainerInstancesState"], Resource: containerInstances },
      // Every task on the host, to wait for lastStatus STOPPED (ListTasks on its container instance, DescribeTasks).
      { Sid: "FindTasks", Effect: "Allow", Action: "ecs:ListTasks", Resource: containerInstances, Condition: inThisCluster },
      { Sid: "ReadTasks", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: `${ecsArnPrefix}:task/${props.clusterName}/*`, Condition: inThisCluster },
      ...(standaloneTasks === "stop"
        ? [{ Sid: "StopStandaloneTasks", Effect: "Allow" as const, Action: "ecs:StopTask", Resource: `${ecsArnPrefix}:task/${props.clusterName}/*`, Condition: inThisCluster }]
        : []),
      {
        Sid: "CompleteLifecycleAction",
        Effect: "Allow",
        Action: ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
        Resource: props.autoScalingGroup.arn,
      },
      ...this.queue.consumerStatements("ReadQueue"),
      { Sid: "PollAgain", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.queue.queue.arn },
      { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
    ];
    policy.policy = policyDocument(statements);
  }

  /**
   * Sends drains that will reach the hook's global timeout, and polls that keep failing, to an SNS
   * topic (the alerts topic). Without it they are logged at ERROR level only.
   */
  public alertTo(topicArn: string, topicKmsKeyArn?: string): void {
    if (this.node.tryFindChild("alert-policy")) throw new Error(`${this.node.path}: alertTo was already called; a drain hook alerts to one topic`);
    this.function.putEnvironment({ variables: { ...this.variables, ALERT_TOPIC_ARN: topicArn } });
    const statements: PolicyStatement[] = [{ Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: topicArn }];
    // A customer managed key: publishers need these on the key. https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    if (topicKmsKeyArn) statements.push({ Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: topicKmsKeyArn });
    new IamRolePolicy(this, "alert-policy", { name: "drain-instance-alerts", role: this.role.name, policy: policyDocument(statements) });
  }
}
