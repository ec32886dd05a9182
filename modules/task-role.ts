import { Construct } from "constructs";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicy } from "../framework/provider-aws";
import { IamRolePolicyAttachment } from "../framework/provider-aws";
import { callerAccountId } from "./caller-account";
import { PolicyStatement, assumeRolePolicy, partitionOf, policyDocument } from "./iam-policy";
import { fitPrefix } from "./names";

/**
 * What the SSM agent inside a task needs for `aws ecs execute-command`:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions
 */
export const EXECUTE_COMMAND_STATEMENT: PolicyStatement = {
  Sid: "ExecuteCommand",
  Effect: "Allow",
  Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
  Resource: "*",
};

export interface TaskRoleProps {
  /** Prefix for the role name. */
  readonly namePrefix: string;
  /** Region of the tasks: the trust policy admits only ECS in this region and account. */
  readonly region: string;
  /** @default - the account of the stack's AWS provider (`aws_caller_identity`) */
  readonly accountId?: string;
  /**
   * Managed policy ARNs the application's code needs.
   * @default - none: the task can call no AWS API
   */
  readonly managedPolicyArns?: string[];
  /** Inline statements the application's code needs. @default - none */
  readonly statements?: PolicyStatement[];
  /** Allow `aws ecs execute-command` (adds the ssmmessages actions). @default false */
  readonly enableExecuteCommand?: boolean;
}

/**
 * Trust policy of a task role: ecs-tasks.amazonaws.com, and only on behalf of ECS in this account
 * and region. The ECS task IAM role guide recommends exactly these confused-deputy conditions
 * (`aws:SourceArn` like `arn:aws:ecs:<region>:<account>:*`, `aws:SourceAccount`):
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html#create_task_iam_policy_and_role
 */
export function taskRoleTrustPolicy(region: string, accountId: string): string {
  return assumeRolePolicy("ecs-tasks.amazonaws.com", {
    ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:ecs:${region}:${accountId}:*` },
    StringEquals: { "aws:SourceAccount": accountId },
  });
}

/**
 * The role the containers' own code runs as (AWS SDK calls from inside the task).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export class TaskRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskRoleProps) {
    super(scope, id);
    const statements = [...(props.statements ?? []), ...(props.enableExecuteCommand ? [EXECUTE_COMMAND_STATEMENT] : [])];
    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(`${props.namePrefix}-task`, 37)}-`,
      description: "Application code inside the ECS tasks",
      assumeRolePolicy: taskRoleTrustPolicy(props.region, props.accountId ?? callerAccountId(this)),
    });
    for (const arn of new Set(props.managedPolicyArns ?? [])) {
      // Named after the policy, so adding or removing one changes no other attachment's address.
      const policyName = arn
        .replace(/^arn:[^:]*:iam::/, "")
        .replace(":policy/", "-")
        .replace(/[^A-Za-z0-9]+/g, "-");
      new IamRolePolicyAttachment(this, `policy-${policyName}`, { role: this.role.name, policyArn: arn });
    }
    if (statements.length > 0) {
      new IamRolePolicy(this, "inline", { role: this.role.name, name: "task", policy: policyDocument(statements) });
    }
  }
}
