/** Where IAM policy documents live in the IAM resources this pack checks. */

import { blocks } from "./attributes";
import { policyDocumentOf } from "./policy";
import type { ResourceView, RuleOptions } from "./types";

export const POLICY_RESOURCE_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"] as const;

export interface LocatedPolicy {
  /** Where the document is, e.g. "policy" or "inline_policy[0] (name)". */
  readonly where: string;
  readonly document: Record<string, any>;
}

/** The permission policy documents a resource carries (not trust policies); unreadable ones are skipped. */
export function permissionPoliciesOf(resource: ResourceView, options: RuleOptions): LocatedPolicy[] {
  const a = resource.attributes;
  const found: LocatedPolicy[] = [];
  if (resource.type === "aws_iam_role") {
    blocks(a.inline_policy).forEach((p, i) => {
      const document = policyDocumentOf(p.policy, options);
      if (document) found.push({ where: `inline_policy[${i}]${typeof p.name === "string" ? ` (${p.name})` : ""}`, document });
    });
    return found;
  }
  const document = policyDocumentOf(a.policy, options);
  if (document) found.push({ where: "policy", document });
  return found;
}
