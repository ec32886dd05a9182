/**
 * The pure parts of the cdktn check: rewriting the framework seam and package.json, and comparing
 * two synth outputs. Kept apart from the command so they are tested without installing anything.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Rewrites a seam file's imports from cdktf to cdktn; fails when the file has no import to switch. */
export function switchSeamSource(source: string): string {
  let switched = 0;
  const out = source
    .replace(/from "cdktf"/g, () => (switched++, 'from "cdktn"'))
    .replace(/(from |require\()"cdktf\/lib\//g, (_m, head: string) => (switched++, `${head}"cdktn/lib/`))
    .replace(/from "@cdktf\/provider-aws\/lib\//g, () => (switched++, 'from "@cdktn/provider-aws/lib/'));
  if (switched === 0) throw new Error("the seam file imports neither cdktf nor @cdktf/provider-aws: nothing to switch");
  return out;
}

export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** package.json with cdktf, cdktf-cli and @cdktf/provider-aws replaced by their cdktn counterparts. */
export function switchPackageJson(pkg: PackageJson, versions: { cdktn: string; provider: string; constructs: string }): PackageJson {
  const drop = (deps: Record<string, string> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(deps ?? {}).filter(([name]) => !["cdktf", "cdktf-cli", "@cdktf/provider-aws"].includes(name)));
  const dependencies = { ...drop(pkg.dependencies), cdktn: versions.cdktn, "@cdktn/provider-aws": versions.provider, constructs: versions.constructs };
  const devDependencies = { ...drop(pkg.devDependencies), "cdktn-cli": versions.cdktn };
  const sorted = (deps: Record<string, string>) => Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  return { ...pkg, dependencies: sorted(dependencies), devDependencies: sorted(devDependencies) };
}

/** A stack's JSON without what may differ between the frameworks: the aws provider pin and cdktf's version. */
export function normalizeStackJson(json: any): any {
  const copy = structuredClone(json);
  if (copy?.["//"]?.metadata) delete copy["//"].metadata.version;
  if (copy?.terraform?.required_providers) delete copy.terraform.required_providers.aws;
  return copy;
}

function stackFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === "cdk.tf.json") found.push(relative(dir, path));
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

/** The JSON paths (a.b[0].c) where two values differ, at most `limit` of them. */
export function jsonDifferences(a: unknown, b: unknown, path = "", limit = 5): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return [path || "(root)"];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: string[] = [];
  for (const key of keys) {
    const sub = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    out.push(...jsonDifferences(a[key], b[key], sub, limit - out.length));
    if (out.length >= limit) break;
  }
  return out;
}

/** Differences between two folders of synth outputs, one line each; empty when they match. */
export function compareSynthOutputs(left: string, right: string): string[] {
  const a = stackFiles(left);
  const b = stackFiles(right);
  const problems: string[] = [];
  for (const file of a.filter((f) => !b.includes(f))) problems.push(`${file}: only in the first output`);
  for (const file of b.filter((f) => !a.includes(f))) problems.push(`${file}: only in the second output`);
  for (const file of a.filter((f) => b.includes(f))) {
    const x = normalizeStackJson(JSON.parse(readFileSync(join(left, file), "utf8")));
    const y = normalizeStackJson(JSON.parse(readFileSync(join(right, file), "utf8")));
    const paths = jsonDifferences(x, y);
    if (paths.length > 0) problems.push(`${file}: differs at ${paths.join(", ")}`);
  }
  return problems;
}
