/** Helpers for IAM policy documents as they appear in cdk.tf.json (JSON strings or data source references). */

import { blocks, list, parseJsonAttribute, referencedAddress } from "./attributes";
import type { RuleOptions } from "./types";

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, unknown>;
}

/** The policy document an attribute value stands for: a JSON string, an object, or `${data.aws_iam_policy_document.x.json}`. */
export function policyDocumentOf(value: unknown, options?: Pick<RuleOptions, "policyDocuments">): Record<string, any> | undefined {
  const ref = referencedAddress(value, ["data.aws_iam_policy_document"]);
  if (ref) return options?.policyDocuments.get(ref);
  const doc = parseJsonAttribute(value);
  return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, any>) : undefined;
}

/** The statements of a policy document (Statement may be one object or an array). */
export function statementsOf(document: unknown): PolicyStatement[] {
  if (document === null || typeof document !== "object") return [];
  return list((document as Record<string, unknown>).Statement).filter((s): s is PolicyStatement => s !== null && typeof s === "object");
}

export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}

export function isAllow(statement: PolicyStatement): boolean {
  return statement.Effect === undefined || String(statement.Effect).toLowerCase() === "allow";
}

/** IAM action glob (`*` and `?`) matched case-insensitively, as IAM does. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("") +
      "$",
    "i",
  );
  return re.test(action);
}

/** Converts the attributes of a `data.aws_iam_policy_document` to the equivalent policy JSON object. */
export function policyDocumentFromDataSource(attributes: Record<string, any>): Record<string, any> {
  const statement = blocks(attributes.statement).map((s) => {
    const out: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
    if (s.sid !== undefined) out.Sid = s.sid;
    if (s.actions !== undefined) out.Action = s.actions;
    if (s.not_actions !== undefined) out.NotAction = s.not_actions;
    if (s.resources !== undefined) out.Resource = s.resources;
    if (s.not_resources !== undefined) out.NotResource = s.not_resources;
    const principals = blocks(s.principals);
    if (principals.length > 0) {
      const principal: Record<string, unknown[]> = {};
      for (const p of principals) principal[String(p.type)] = [...(principal[String(p.type)] ?? []), ...list(p.identifiers)];
      out.Principal = principal;
    }
    const conditions = blocks(s.condition);
    if (conditions.length > 0) {
      const condition: Record<string, Record<string, unknown>> = {};
      for (const c of conditions) {
        condition[String(c.test)] = { ...(condition[String(c.test)] ?? {}), [String(c.variable)]: c.values };
      }
      out.Condition = condition;
    }
    return out;
  });
  return { Version: attributes.version ?? "2012-10-17", Statement: statement };
}

/** True when a trust policy allows a service principal (e.g. "ecs-tasks.amazonaws.com") to assume the role. */
export function trustsService(document: unknown, service: string): boolean {
  return statementsOf(document).some((s) => {
    if (!isAllow(s)) return false;
    const principal = s.Principal;
    if (principal === null || typeof principal !== "object") return false;
    return strings((principal as Record<string, unknown>).Service).some((p) => p.toLowerCase() === service);
  });
}
