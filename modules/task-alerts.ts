import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { PolicyStatement, assumeRolePolicy, policyDocument } from "./iam-policy";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaHandlerAsset } from "./lambda-code";
import { fitPrefix } from "./names";

/** The AWS managed key for SNS; its key policy lets publishers in the account use it through SNS. */
export const SNS_MANAGED_KEY = "alias/aws/sns";

export interface TaskAlertsProps {
  /** Prefix for the topic, function, role and rule names (the cluster name). */
  readonly namePrefix: string;
  /** Cluster whose events are watched. */
  readonly clusterArn: string;
  /** E-mail addresses subscribed to the topic. @default - none: subscribe other endpoints yourself */
  readonly emails?: string[];
  /** Container names whose exit alone is no alert (sidecars). @default - none */
  readonly nonEssentialContainers?: string[];
  /** Alert on tasks that stop abnormally. @default true */
  readonly taskStopped?: boolean;
  /** Alert on container agents that disconnect. @default true */
  readonly agentDisconnected?: boolean;
  /** Customer managed KMS key ARN for the topic. @default - the AWS managed key alias/aws/sns */
  readonly topicKmsKeyArn?: string;
  /** Retention of the function's log group. @default 30 */
  readonly logRetentionInDays?: number;
}

/**
 * Alerts on abnormal task exits and disconnected agents: EventBridge rules on the cluster's ECS
 * events → the task-alert Lambda function (functions/task-alert) → an encrypted SNS topic with
 * optional e-mail subscriptions.
 *
 * Events: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 */
export class TaskAlerts extends Construct {
  public readonly topic: SnsTopic;
  public readonly function: LambdaFunction;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;
  public readonly rules: Record<string, CloudwatchEventRule> = {};
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: TaskAlertsProps) {
    super(scope, id);
    const taskStopped = props.taskStopped ?? true;
    const agentDisconnected = props.agentDisconnected ?? true;
    const retention = props.logRetentionInDays ?? 30;
    if (!taskStopped && !agentDisconnected) {
      throw new Error("taskStopped (false) and agentDisconnected (false): at least one alert must be on, or leave alerts out");
    }
    for (const email of props.emails ?? []) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`emails: ${JSON.stringify(email)} is not an e-mail address`);
    }
    this.namePrefix = fitPrefix(props.namePrefix, 40);
    const functionName = `${this.namePrefix}-task-alert`;

    this.topic = new SnsTopic(this, "topic", {
      name: `${fitPrefix(props.namePrefix, 244)}-alerts`,
      kmsMasterKeyId: props.topicKmsKeyArn ?? SNS_MANAGED_KEY,
    });
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${email.toLowerCase()}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email });
    }

    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: `/aws/lambda/${functionName}`, retentionInDays: retention });

    const statements: PolicyStatement[] = [
      // The function's own log group only (no logs:CreateLogGroup: Terraform creates it).
      { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
      { Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: this.topic.arn },
    ];
    if (props.topicKmsKeyArn) {
      // A customer managed key: publishers need these on the key.
      // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      statements.push({ Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: props.topicKmsKeyArn });
    }
    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(props.namePrefix, 26)}-alert-`,
      description: "Task-alert function: publishes ECS task and agent alerts to its topic",
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
    });
    new IamRolePolicy(this, "policy", { role: this.role.name, name: "task-alert", policy: policyDocument(statements) });

    const code = lambdaHandlerAsset(this, "code", "task-alert");
    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: `Alerts on abnormal ECS task exits and disconnected agents in ${props.namePrefix}`,
      role: this.role.arn,
      handler: LAMBDA_HANDLER,
      runtime: LAMBDA_RUNTIME,
      filename: code.path,
      sourceCodeHash: code.assetHash,
      timeout: 30,
      memorySize: 128,
      environment: {
        variables: {
          TOPIC_ARN: this.topic.arn,
          ...(props.nonEssentialContainers && props.nonEssentialContainers.length > 0
            ? { NON_ESSENTIAL_CONTAINERS: [...new Set(props.nonEssentialContainers)].sort().join(",") }
            : {}),
        },
      },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
      dependsOn: [this.logGroup],
    });

    if (taskStopped) {
      this.addRule("task-stopped", "ECS tasks of the cluster that stopped", {
        "detail-type": ["ECS Task State Change"],
        detail: { clusterArn: [props.clusterArn], lastStatus: ["STOPPED"] },
      });
    }
    if (agentDisconnected) {
      this.addRule("agent-disconnected", "ECS container agents of the cluster that disconnected", {
        "detail-type": ["ECS Container Instance State Change"],
        detail: { clusterArn: [props.clusterArn], agentConnected: [false] },
      });
    }
  }

  private addRule(id: string, description: string, pattern: Record<string, unknown>): void {
    const rule = new CloudwatchEventRule(this, id, {
      name: `${this.namePrefix}-${id}`,
      description,
      eventPattern: JSON.stringify({ source: ["aws.ecs"], ...pattern }),
    });
    new CloudwatchEventTarget(this, `${id}-target`, { rule: rule.name, arn: this.function.arn });
    new LambdaPermission(this, `${id}-permission`, {
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    });
    this.rules[id] = rule;
  }
}
