import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { assumeRolePolicy, policyDocument } from "./iam-policy";
import { fitPrefix } from "./names";
import { ContainerOverrideProps, taskOverrides } from "./run-task-command";

export interface ScheduledTaskProps {
  /** Schedule name, `<cluster>-<task>`: 1 to 64 letters, digits and -_. */
  readonly name: string;
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

/**
 * Runs an ECS task on a schedule through EventBridge Scheduler, with a role that may run exactly
 * this task definition family in this cluster and pass exactly its two roles.
 *
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/tasks-scheduled.html
 */
export class ScheduledTask extends Construct {
  public readonly schedule: SchedulerSchedule;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    const taskCount = props.taskCount ?? 1;
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(props.name)) throw new Error(`name (${JSON.stringify(props.name)}) must be 1 to 64 letters, digits and -_.`);
    if (!/^(cron|rate|at)\(.+\)$/.test(props.scheduleExpression)) {
      throw new Error(`scheduleExpression (${JSON.stringify(props.scheduleExpression)}) must be cron(...), rate(...) or at(...)`);
    }
    if (!Number.isInteger(taskCount) || taskCount < 1 || taskCount > 10) throw new Error(`taskCount (${taskCount}) must be an integer from 1 to 10`);

    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(props.name, 28)}-sch-`,
      description: `EventBridge Scheduler: runs ECS task ${props.name}`,
      assumeRolePolicy: assumeRolePolicy("scheduler.amazonaws.com"),
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
        { Sid: "PassTaskRoles", Effect: "Allow", Action: "iam:PassRole", Resource: [props.executionRoleArn, props.taskRoleArn] },
      ]),
    });

    const overrides = props.overrides ?? {};
    const strategy = [{ capacityProvider: props.capacityProviderName, weight: 1, base: 0 }];
    // The templated ECS target takes no container overrides, so a schedule with overrides calls
    // RunTask through the universal target, whose input is the RunTask request itself:
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
    const target =
      Object.keys(overrides).length === 0
        ? {
            arn: props.clusterArn,
            roleArn: this.role.arn,
            ecsParameters: { taskDefinitionArn: props.taskDefinition.arn, taskCount, capacityProviderStrategy: strategy },
          }
        : {
            arn: "arn:aws:scheduler:::aws-sdk:ecs:runTask",
            roleArn: this.role.arn,
            input: JSON.stringify({
              cluster: props.clusterArn,
              taskDefinition: props.taskDefinition.arn,
              count: taskCount,
              capacityProviderStrategy: strategy,
              overrides: taskOverrides(overrides),
            }),
          };
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: props.name,
      description: `Runs ECS task ${props.name}`,
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: props.timezone ?? "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target,
    });
  }
}
