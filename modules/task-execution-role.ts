import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { PolicyStatement, assumeRolePolicy, managedPolicyArn, policyDocument } from "./iam-policy";

export interface TaskExecutionRoleProps {
  /** Prefix for the role name. */
  readonly namePrefix: string;
  /** Region, for the partition of the managed policy ARN. */
  readonly region: string;
  /**
   * Extra statements: exactly the secrets, parameters and registry credentials the tasks read.
   * @default - none: only image pulls and logs
   */
  readonly statements?: PolicyStatement[];
}

/**
 * The role ECS uses to start a task: pull images, write logs, read the task's secrets.
 * It trusts ecs-tasks.amazonaws.com and carries AmazonECSTaskExecutionRolePolicy:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
export class TaskExecutionRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      namePrefix: `${props.namePrefix}-exec-`,
      description: "ECS task execution: image pulls, logs and the task's secrets",
      assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "managed", {
      role: this.role.name,
      policyArn: managedPolicyArn(props.region, "service-role/AmazonECSTaskExecutionRolePolicy"),
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "secrets", {
        role: this.role.name,
        name: "task-secrets",
        policy: policyDocument(props.statements),
      });
    }
  }
}
