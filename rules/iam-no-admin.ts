import { violations } from "./attributes";
import { POLICY_RESOURCE_TYPES, permissionPoliciesOf } from "./iam-policies";
import { isAllow, statementsOf, strings } from "./policy";
import type { Rule } from "./types";

/** No policy grants every action on every resource. */
export const iamNoAdmin: Rule = {
  id: "ECS-EC2-IAM-NO-ADMIN",
  level: "error",
  appliesTo: [...POLICY_RESOURCE_TYPES],
  message: 'IAM policy allows "*" actions on "*" resources (full administrative access)',
  explanation:
    'A statement with Effect Allow, Action "*" (or an Allow NotAction) and Resource "*" gives whoever holds the ' +
    "role - the ECS agent on every host, or every task - full control of the account. Grant the specific actions " +
    'on specific ARNs. AWS FSBP IAM.1 (IAM policies should not allow full "*" administrative privileges); ' +
    "cdk-nag AwsSolutions-IAM5.",
  check(resource, options) {
    const policies = permissionPoliciesOf(resource, options);
    if (policies.length === 0) return "not-applicable";
    const problems: string[] = [];
    for (const { where, document } of policies) {
      statementsOf(document).forEach((s, i) => {
        if (!isAllow(s) || !strings(s.Resource).includes("*")) return;
        const label = `${where} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""}`;
        if (strings(s.Action).some((a) => a === "*" || a === "*:*")) problems.push(`${label} allows Action "*" on Resource "*"`);
        else if (s.NotAction !== undefined) problems.push(`${label} allows NotAction on Resource "*"`);
      });
    }
    return violations(problems);
  },
};
