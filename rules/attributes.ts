/** Helpers to read cdk.tf.json attributes tolerantly (strings for booleans, blocks as object or array, interpolations). */

import type { RuleResult } from "./types";

/** True when the value contains a Terraform interpolation, i.e. is unknown at synth time. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** true / false for booleans and "true"/"false" strings, "unknown" for interpolations, undefined when unset. */
export function asBool(value: unknown): boolean | "unknown" | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    if (isUnknown(value)) return "unknown";
    const v = value.trim().toLowerCase();
    if (v === "true") return true;
    if (v === "false") return false;
  }
  return "unknown";
}

/** A number, "unknown" for interpolations / non-numeric values, undefined when unset. */
export function asNumber(value: unknown): number | "unknown" | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && !isUnknown(value) && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return "unknown";
}

/** A nested block list: arrays are kept (non-objects dropped), a single object becomes [object]. */
export function blocks(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && typeof v === "object" && !Array.isArray(v));
  if (value !== null && typeof value === "object") return [value as Record<string, any>];
  return [];
}

/** The first (usually only) block of a single-block attribute. */
export function block(value: unknown): Record<string, any> | undefined {
  return blocks(value)[0];
}

/** A list attribute as an array of values (a scalar becomes [scalar]). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The address a `${type.name.attr}` interpolation refers to, when the whole value
 * is one reference to a resource of one of `types` (e.g. "${aws_lb.web.arn}" -> "aws_lb.web").
 */
export function referencedAddress(value: unknown, types: readonly string[]): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{((?:data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+))(?:\.[A-Za-z0-9_]+)?\}$/.exec(value.trim());
  if (!m) return undefined;
  const type = m[1].startsWith("data.") ? `data.${m[2]}` : m[2];
  return types.includes(type) ? m[1] : undefined;
}

/** The `tags` map of a resource (empty when unset or not a map). */
export function tagsOf(attributes: Record<string, any>): Record<string, unknown> {
  const tags = attributes.tags;
  return tags !== null && typeof tags === "object" && !Array.isArray(tags) ? tags : {};
}

/** Parses a JSON string attribute; undefined when not a string or not valid JSON. Non-strings are returned as is. */
export function parseJsonAttribute(value: unknown): unknown {
  if (typeof value !== "string") return value ?? undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Folds a list of problems into a rule result. */
export function violations(problems: readonly string[]): RuleResult {
  return problems.length === 0 ? "compliant" : { violation: problems.join("; ") };
}
