import { referencedAddress, violations } from "./attributes";
import { permissionPoliciesOf } from "./iam-policies";
import { actionPatternMatches, isAllow, statementsOf, strings } from "./policy";
import type { ResourceView, Rule, RuleOptions } from "./types";

/** Actions that read secret material; an ECS task or execution role must only get them on specific ARNs. */
export const SECRET_READ_ACTIONS: readonly string[] = ["secretsmanager:GetSecretValue", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath", "kms:Decrypt"];

/** "*" or an ARN whose resource part is only a wildcard (arn:aws:ssm:*:*:parameter/*). */
function isUnscopedResource(resource: string): boolean {
  if (resource === "*") return true;
  return /^arn:[^:]+:(secretsmanager|ssm|kms):[^:]*:[^:]*:(\*|secret:\*|parameter\/?\*|key\/\*)$/i.test(resource);
}

function isEcsTaskRole(resource: ResourceView, options: RuleOptions): boolean {
  if (resource.type === "aws_iam_role") return options.ecsTaskRoles.has(resource.address);
  const role = referencedAddress(resource.attributes.role, ["aws_iam_role"]);
  return role !== undefined && options.ecsTaskRoles.has(role);
}

/** Roles assumed by ECS tasks (execution and task roles) read secrets only from named ARNs. */
export const ecsTaskRoleScopedSecrets: Rule = {
  id: "ECS-EC2-TASK-ROLE-SCOPED-SECRETS",
  level: "error",
  appliesTo: ["aws_iam_role", "aws_iam_role_policy"],
  message: "ECS task/execution role can read every secret, parameter or KMS key in the account",
  explanation:
    "The execution role only needs the secrets referenced by its task definitions; granting " +
    'secretsmanager:GetSecretValue, ssm:GetParameter(s) or kms:Decrypt on "*" lets any task (or anyone who can ' +
    "register a task definition with that role) read every secret in the account. Scope Resource to the secret / " +
    "parameter / key ARNs, or add a Condition (e.g. kms:ViaService). Applies to roles whose trust policy admits " +
    "ecs-tasks.amazonaws.com and to aws_iam_role_policy attached to them. AWS FSBP IAM.21 (no wildcard actions), " +
    "ECS task execution role guidance; cdk-nag AwsSolutions-IAM5.",
  check(resource, options) {
    if (!isEcsTaskRole(resource, options)) return "not-applicable";
    const problems: string[] = [];
    for (const { where, document } of permissionPoliciesOf(resource, options)) {
      statementsOf(document).forEach((s, i) => {
        if (!isAllow(s) || s.Condition !== undefined) return;
        if (!strings(s.Resource).some(isUnscopedResource)) return;
        const granted = SECRET_READ_ACTIONS.filter((action) => strings(s.Action).some((p) => actionPatternMatches(p, action)));
        if (granted.length > 0) {
          problems.push(`${where} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""} allows ${granted.join(", ")} on an unscoped resource`);
        }
      });
    }
    return violations(problems);
  },
};
