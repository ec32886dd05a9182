import { Construct } from "constructs";
import { IamInstanceProfile } from "../framework/provider-aws";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicyAttachment } from "../framework/provider-aws";
import { assumeRolePolicy, managedPolicyArn } from "./iam-policy";
import { fitPrefix } from "./names";

export interface EcsInstanceRoleProps {
  /** Prefix for the role and instance profile names. */
  readonly namePrefix: string;
  /** Region, for the partition of the managed policy ARNs. */
  readonly region: string;
  /**
   * Attach AmazonSSMManagedInstanceCore so hosts are reachable through Session Manager.
   * @default false
   */
  readonly sessionManager?: boolean;
}

/**
 * The role the ECS container agent on each host runs as, and its instance profile.
 *
 * AmazonEC2ContainerServiceforEC2Role is AWS's managed policy for the agent:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
 */
export class EcsInstanceRole extends Construct {
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: EcsInstanceRoleProps) {
    super(scope, id);
    const policies = ["service-role/AmazonEC2ContainerServiceforEC2Role"];
    if (props.sessionManager ?? false) {
      // https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html
      policies.push("AmazonSSMManagedInstanceCore");
    }

    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(`${props.namePrefix}-host`, 37)}-`,
      description: "ECS container agent on the cluster's EC2 hosts",
      assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    });
    for (const policy of policies) {
      new IamRolePolicyAttachment(this, policy.split("/").pop()!, {
        role: this.role.name,
        policyArn: managedPolicyArn(props.region, policy),
      });
    }
    this.instanceProfile = new IamInstanceProfile(this, "profile", {
      namePrefix: `${fitPrefix(`${props.namePrefix}-host`, 37)}-`,
      role: this.role.name,
    });
  }
}
