import { Construct } from "constructs";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicy } from "../framework/provider-aws";
import { SchedulerSchedule } from "../framework/provider-aws";
import { callerAccountId } from "./caller-account";
import { assumeRolePolicy, partitionOf, policyDocument } from "./iam-policy";
import { fitPrefix } from "./names";
import { ContainerOverrideProps, taskOverrides } from "./run-task-command";

export interface ScheduledTaskProps {
  /** Schedule name, `<cluster>-<task>`: 1 to 64 letters, digits and -_. */
  readonly name: string;
  /** Region of the cluster: the partition of ARNs and the schedule group's ARN. */
  readonly region: string;
  /** @default - the account of the stack's AWS provider (`aws_caller_identity`) */
  readonly accountId?: string;
  readonly clusterArn: string;
  /** `cron(...)`, `rate(...)` or `at(...)`. */
  readonly scheduleExpression: string;
  /** IANA time zone of cron() and at(). @default "UTC" */
  readonly timezone?: string;
  /** The task definition run: its ARN and its ARN without revision (family ARN). */
  readonly taskDefinition: { readonly arn: string; readonly arnWithoutRevision: string };
  /** Roles of the task definition, which the scheduler passes to ECS. */
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  readonly capacityProviderName: string;
  /** Tasks started per run. @default 1 */
  readonly taskCount?: number;
  /** Overrides by container name. @default - none */
  readonly overrides?: Record<string, ContainerOverrideProps>;
}

/** The schedule group every schedule here belongs to (the schedule sets no `group_name`). */
export const SCHEDULE_GROUP = "default";

/**
 * Runs an ECS task on a schedule through EventBridge Scheduler's templated ECS target, with a
 * role that may run exactly this task definition family in this cluster and pass exactly its two
 * roles to ECS tasks, and that only the Scheduler of this account and schedule group may assume.
 *
 * Overrides travel in the target's `input`: for the templated ECS target CreateSchedule converts
 * the input to the RunTask `overrides` (a TaskOverride, ECS's camelCase JSON), and refuses an
 * input it cannot convert ("Unable to convert target input to TaskOverride",
 * https://github.com/boto/boto3/issues/4370), as EventBridge rules' ECS targets do
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html). So no universal
 * target (`aws-sdk:ecs:runTask`, whose input is the SDK's PascalCase request) is needed.
 *
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_EcsParameters.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/tasks-scheduled-eventbridge-scheduler.html
 */
export class ScheduledTask extends Construct {
  public readonly schedule: SchedulerSchedule;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    const taskCount = props.taskCount ?? 1;
    const overrides = props.overrides ?? {};
    // Invariants, checked at synth (configs are checked earlier, with config paths).
    const problems: string[] = [];
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(props.name)) problems.push(`name (${JSON.stringify(props.name)}) must be 1 to 64 letters, digits and -_.`);
    if (!/^(cron|rate|at)\(.+\)$/.test(props.scheduleExpression)) {
      problems.push(`scheduleExpression (${JSON.stringify(props.scheduleExpression)}) must be cron(...), rate(...) or at(...)`);
    }
    if (!Number.isInteger(taskCount) || taskCount < 1 || taskCount > 10) problems.push(`taskCount (${taskCount}) must be an integer from 1 to 10`);
    this.node.addValidation({ validate: () => problems });
    const accountId = props.accountId ?? callerAccountId(this);
    const partition = partitionOf(props.region);

    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(props.name, 28)}-sch-`,
      description: `EventBridge Scheduler: runs ECS task ${props.name}`,
      // Confused-deputy keys the Scheduler sends when it assumes an execution role:
      // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
      assumeRolePolicy: assumeRolePolicy("scheduler.amazonaws.com", {
        StringEquals: {
          "aws:SourceAccount": accountId,
          "aws:SourceArn": `arn:${partition}:scheduler:${props.region}:${accountId}:schedule-group/${SCHEDULE_GROUP}`,
        },
      }),
    });
    new IamRolePolicy(this, "policy", {
      role: this.role.name,
      name: "run-task",
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html
      policy: policyDocument([
        {
          Sid: "RunTask",
          Effect: "Allow",
          Action: "ecs:RunTask",
          Resource: `${props.taskDefinition.arnWithoutRevision}:*`,
          Condition: { ArnEquals: { "ecs:cluster": props.clusterArn } },
        },
        {
          Sid: "PassTaskRoles",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: [props.executionRoleArn, props.taskRoleArn],
          Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
      ]),
    });

    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: props.name,
      description: `Runs ECS task ${props.name}`,
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: props.timezone ?? "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: props.clusterArn,
        roleArn: this.role.arn,
        ecsParameters: {
          taskDefinitionArn: props.taskDefinition.arn,
          taskCount,
          capacityProviderStrategy: [{ capacityProvider: props.capacityProviderName, weight: 1, base: 0 }],
        },
        input: Object.keys(overrides).length > 0 ? JSON.stringify(taskOverrides(overrides)) : undefined,
      },
    });
  }
}
