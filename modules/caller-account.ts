/**
 * The AWS account id Terraform runs in, read once per stack from the `aws_caller_identity` data
 * source (resolved at plan time, so module mode needs no extra input).
 */
import { Construct } from "constructs";
import { TerraformStack } from "../framework/cdktf";
import { DataAwsCallerIdentity } from "../framework/provider-aws";

const ID = "caller-identity";

/** Account id of the stack's AWS provider: `data.aws_caller_identity.caller-identity.account_id`. */
export function callerAccountId(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  const identity = existing instanceof DataAwsCallerIdentity ? existing : new DataAwsCallerIdentity(stack, ID);
  return identity.accountId;
}
