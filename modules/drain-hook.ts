import { Construct } from "constructs";
import { AutoscalingLifecycleHook } from "@cdktf/provider-aws/lib/autoscaling-lifecycle-hook";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { assumeRolePolicy, partitionOf, policyDocument } from "./iam-policy";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaHandlerAsset } from "./lambda-code";
import { fitPrefix } from "./names";

/** Lambda's asynchronous invocation retries a failed drain this often (the handler throws when time runs out). */
export const DRAIN_RETRY_ATTEMPTS = 2;

export interface DrainHookProps {
  /** Cluster the hosts are registered in (CLUSTER_NAME of the function). */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Region of the cluster, for the container instance ARNs. */
  readonly region: string;
  /** The Auto Scaling group whose terminating hosts are drained. */
  readonly autoScalingGroup: { readonly name: string; readonly arn: string };
  /**
   * Seconds a terminating host waits for a heartbeat before `defaultResult` applies. Must exceed
   * the function timeout plus Lambda's retry delay, so a retried drain finds the host still waiting.
   * @default 1200
   */
  readonly heartbeatTimeoutSeconds?: number;
  /** @default 900 (the Lambda maximum) */
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
 * Drains ECS hosts before Auto Scaling terminates them: a termination lifecycle hook on the
 * group, an EventBridge rule for that group's lifecycle actions, and the drain-instance function
 * (sets the container instance to DRAINING, waits for its tasks to leave, then completes the
 * action), with permissions scoped to this cluster and this group.
 * https://aws.amazon.com/blogs/compute/how-to-automate-container-instance-draining-in-amazon-ecs/
 */
export class DrainHook extends Construct {
  public readonly hook: AutoscalingLifecycleHook;
  public readonly function: LambdaFunction;
  public readonly rule: CloudwatchEventRule;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: DrainHookProps) {
    super(scope, id);
    const heartbeatTimeout = props.heartbeatTimeoutSeconds ?? 1200;
    const functionTimeout = props.functionTimeoutSeconds ?? 900;
    if (functionTimeout < 60 || functionTimeout > 900) {
      throw new Error(`functionTimeoutSeconds (${functionTimeout}) must be between 60 and 900`);
    }
    if (heartbeatTimeout < 30 || heartbeatTimeout > 7200) {
      throw new Error(`heartbeatTimeoutSeconds (${heartbeatTimeout}) must be between 30 and 7200`);
    }
    const functionName = `${props.clusterName}-drain-instance`;

    this.hook = new AutoscalingLifecycleHook(this, "hook", {
      name: "drain-ecs-tasks",
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
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const ecsArnPrefix = `arn:${partitionOf(props.region)}:ecs:${props.region}:${account}`;
    const containerInstances = `${ecsArnPrefix}:container-instance/${props.clusterName}/*`;
    const standaloneTasks = props.standaloneTasks ?? "wait";
    const inThisCluster = { ArnEquals: { "ecs:cluster": props.clusterArn } };
    // Only in stop mode: find the tasks left on the host (ListTasks on its container instance),
    // tell service tasks from standalone ones (DescribeTasks) and stop the standalone ones.
    const stopStatements =
      standaloneTasks === "stop"
        ? [
            { Sid: "FindTasks", Effect: "Allow" as const, Action: "ecs:ListTasks", Resource: containerInstances, Condition: inThisCluster },
            {
              Sid: "StopStandaloneTasks",
              Effect: "Allow" as const,
              Action: ["ecs:DescribeTasks", "ecs:StopTask"],
              Resource: `${ecsArnPrefix}:task/${props.clusterName}/*`,
              Condition: inThisCluster,
            },
          ]
        : [];
    // Actions and resource types: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
    // and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html
    new IamRolePolicy(this, "policy", {
      name: "drain-instance",
      role: this.role.name,
      policy: policyDocument([
        { Sid: "FindHosts", Effect: "Allow", Action: "ecs:ListContainerInstances", Resource: props.clusterArn },
        {
          Sid: "DrainHosts",
          Effect: "Allow",
          Action: ["ecs:DescribeContainerInstances", "ecs:UpdateContainerInstancesState"],
          Resource: containerInstances,
        },
        ...stopStatements,
        {
          Sid: "CompleteLifecycleAction",
          Effect: "Allow",
          Action: ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
          Resource: props.autoScalingGroup.arn,
        },
        {
          Sid: "Logs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
        },
      ]),
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
      environment: {
        variables: {
          CLUSTER_NAME: props.clusterName,
          ASG_NAME: props.autoScalingGroup.name,
          ...(standaloneTasks === "stop" ? { STANDALONE_TASKS: "stop" } : {}),
        },
      },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
    });
    new LambdaFunctionEventInvokeConfig(this, "retries", {
      functionName: this.function.functionName,
      maximumRetryAttempts: DRAIN_RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: Math.min(21600, heartbeatTimeout * (DRAIN_RETRY_ATTEMPTS + 1)),
    });

    this.rule = new CloudwatchEventRule(this, "rule", {
      name: `${fitPrefix(props.clusterName, 40)}-drain-instance`,
      description: `Terminate lifecycle actions of the ECS hosts of cluster ${props.clusterName}`,
      eventPattern: JSON.stringify({
        source: ["aws.autoscaling"],
        "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
        detail: { AutoScalingGroupName: [props.autoScalingGroup.name] },
      }),
    });
    new CloudwatchEventTarget(this, "target", { rule: this.rule.name, arn: this.function.arn, targetId: "drain-instance" });
    new LambdaPermission(this, "invoke", {
      statementId: "AllowEventBridge",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
  }
}
