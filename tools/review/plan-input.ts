import { Cause, Classified, ResourceAction } from "./cascade";
import { displayValue, naturalCompare } from "./diff";
import { Json, readJsonFile, ReviewError } from "./load";
import { META_ARGUMENTS } from "./replacement";

/** The parts of `terraform show -json <planfile>` the review reads. */
export interface TerraformPlan {
  format_version?: string;
  resource_changes?: Array<{
    address: string;
    previous_address?: string;
    mode?: string;
    type: string;
    change: {
      actions: string[];
      before?: Json;
      after?: Json;
      after_unknown?: Json;
      replace_paths?: Array<Array<string | number>>;
    };
  }>;
}

/** Read a `terraform show -json` document; exits 2 through ReviewError when it is not one. */
export function loadPlan(file: string): TerraformPlan {
  const plan = readJsonFile(file) as TerraformPlan;
  if (plan === null || typeof plan !== "object" || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes ?? [])) {
    throw new ReviewError(`${file} is not the output of \`terraform show -json <planfile>\` (no format_version / resource_changes)`);
  }
  return plan;
}

function actionOf(actions: string[]): ResourceAction | undefined {
  const a = actions.join(",");
  if (a === "create" || a === "update" || a === "delete") return a;
  if (a === "delete,create" || a === "create,delete") return "replace";
  return undefined;
}

/** `["load_balancer", 0, "target_group_arn"]` → `load_balancer[0].target_group_arn`. */
export function pathText(path: Array<string | number>): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function obj(v: Json | undefined): { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};
}

/** Top-level attributes whose planned value differs from the prior one (or becomes unknown). */
function changedAttributes(before: Json | undefined, after: Json | undefined, unknown: Json | undefined): string[] {
  const b = obj(before);
  const a = obj(after);
  const u = obj(unknown);
  const keys = new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(u)]);
  return [...keys]
    .filter((k) => k !== "tags_all" && !META_ARGUMENTS.has(k))
    .filter((k) => (u[k] !== undefined && u[k] !== false && JSON.stringify(u[k]).includes("true")) || JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .sort(naturalCompare);
}

const short = (v: Json | undefined): string | null => (v === undefined || v === null ? null : displayValue(v));

/**
 * Take replace / update / create / delete from Terraform's own plan. `prefix` is the stack prefix
 * the review uses for this plan's addresses (empty for a single stack). Causes come from
 * `replace_paths` (replacements) and the changed top-level attributes (updates); resources the
 * synth diff classified but Terraform leaves alone are dropped.
 */
export function applyPlan(classified: Map<string, Classified>, plan: TerraformPlan, prefix: string, stack: string): void {
  for (const [address, c] of classified) if (c.stack === stack) classified.delete(address);
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== undefined && rc.mode !== "managed") continue;
    const action = actionOf(rc.change.actions);
    if (!action) continue;
    const before = obj(rc.change.before);
    const after = obj(rc.change.after);
    let causes: Cause[];
    if (action === "replace") {
      causes = (rc.change.replace_paths ?? []).map((p) => {
        const top = String(p[0]);
        return { path: pathText(p), old: short(before[top]), new: short(after[top]), forcesReplacement: true };
      });
    } else if (action === "update") {
      causes = changedAttributes(rc.change.before, rc.change.after, rc.change.after_unknown).map((k) => ({
        path: k,
        old: short(before[k]),
        new: short(after[k]),
        forcesReplacement: false,
      }));
    } else {
      causes = [];
    }
    classified.set(prefix + rc.address, { address: prefix + rc.address, type: rc.type, stack, action, causes });
  }
}
