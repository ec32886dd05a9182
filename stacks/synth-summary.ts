import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Finding } from "../rules/security-aspect";

/** Number of resources in a synthesized stack: every entry under `resource.<type>` (data sources not counted). */
export function countResources(json: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The security rule findings of one stack, as "0 errors, 1 warning" (suppressed ones listed when there are any). */
function findingsOf(stack: string, findings: readonly Finding[]): string {
  const own = findings.filter((f) => f.constructPath === stack || f.constructPath.startsWith(`${stack}/`));
  const active = own.filter((f) => f.suppressed === undefined);
  const errors = active.filter((f) => f.level === "error").length;
  const warnings = active.filter((f) => f.level === "warning").length;
  const suppressed = own.length - active.length;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}${suppressed > 0 ? `, ${suppressed} suppressed` : ""}`;
}

/**
 * What `npm run synth` prints after writing the output: one line per stack (its file, resource
 * count and security rule findings), then the command to run next.
 *
 * @param outdir the output folder the stacks were written to (cdktf.out)
 * @param stacks stack names in the order they were added, the platform stack first
 * @param module whether the stacks are Terraform modules (`module: true`) rather than root modules
 */
export function synthSummary(outdir: string, stacks: readonly string[], findings: readonly Finding[], module: boolean): string {
  const shown = (path: string) => relative(process.cwd(), path) || ".";
  const lines = stacks.map((stack) => {
    const file = join(outdir, "stacks", stack, "cdk.tf.json");
    const resources = countResources(JSON.parse(readFileSync(file, "utf8")));
    return `${shown(file)}: ${plural(resources, "resource")}; security rules: ${findingsOf(stack, findings)}`;
  });
  const first = shown(join(outdir, "stacks", stacks[0]));
  if (module) {
    lines.push(`Next: call ${first} as a module from your own Terraform (docs/modules-and-state.md)`);
  } else {
    const others = stacks.length > 1 ? `, then the same in each other stack's folder` : "";
    lines.push(`Next: cd ${first} && terraform init && terraform plan${others}`);
  }
  return `${lines.join("\n")}\n`;
}
