import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { assumeRolePolicy } from "./iam-policy";

export interface TaskRoleProps {
  /** Prefix for the role name. */
  readonly namePrefix: string;
  /**
   * Managed policy ARNs the application's code needs.
   * @default - none: the task can call no AWS API
   */
  readonly managedPolicyArns?: string[];
}

/**
 * The role the containers' own code runs as (AWS SDK calls from inside the task).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export class TaskRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      namePrefix: `${props.namePrefix}-task-`,
      description: "Application code inside the ECS tasks",
      assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
    });
    (props.managedPolicyArns ?? []).forEach((arn, index) => {
      new IamRolePolicyAttachment(this, `policy-${index}`, { role: this.role.name, policyArn: arn });
    });
  }
}
