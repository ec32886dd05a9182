import { Cause, classify, Classified, ResourceAction } from "./cascade";
import { ChangedEntry, diffSynth, Entry, EntryRef, MovedEntry, naturalCompare } from "./diff";
import { consequence, followOn } from "./effects";
import { SynthOutput } from "./load";
import { buildDiagram, NodeStatus } from "./mermaid";
import { applyPlan, TerraformPlan } from "./plan-input";
import { FORCE_NEW, replacementNote } from "./replacement";
import { StateChange, stateChanges, withoutOrphans } from "./state-files";

export type { ResourceAction } from "./cascade";

/** One resource Terraform will create, update, replace or destroy, with why and what follows. */
export interface ResourceReport {
  address: string;
  type: string;
  stack: string;
  action: ResourceAction;
  /** The changes behind the action; for a replacement the forcing ones are marked. */
  causes: Cause[];
  /** What the replacement means for this type. */
  note?: string;
  /** One-line consequence of destroying or replacing a stateful or traffic-bearing resource. */
  consequence?: string;
  /** What happens after apply that the plan does not show (instance refresh, redeploys, confirmations). */
  followOn: string[];
  /** A replaced task definition: a new revision is registered. */
  newRevision?: boolean;
  /** Set when the resource was also moved (a `moved` block) from this address. */
  movedFrom?: string;
}

/** A changed entry of the synth diff (resources and other blocks), with Terraform's action for resources. */
export interface ReportChange extends ChangedEntry {
  action: "update" | "replace" | "none";
  movedFrom?: string;
}

export interface Replacement {
  address: string;
  type: string;
  path: string;
  old: string | null;
  new: string | null;
  /** `aws_lb.public.arn` when the value changes because that resource is replaced or updated. */
  via?: string;
  note: string;
}

/** Counts of resources, as `terraform plan` counts them (outputs, data sources etc. are `other`). */
export interface Summary {
  add: number;
  change: number;
  replace: number;
  destroy: number;
  move: number;
  /** Replacements that are new task definition revisions (included in `replace`). */
  newRevisions: number;
  /** Changes to outputs, data sources, providers, variables, modules, locals, terraform. */
  other: number;
  /** The line `terraform plan` prints: a replacement counts once to add and once to destroy. */
  terraform: { add: number; change: number; destroy: number };
}

export interface Report {
  summary: Summary;
  /** Every resource with an action, risky destroys and replacements first. */
  resources: ResourceReport[];
  added: EntryRef[];
  changed: ReportChange[];
  removed: EntryRef[];
  moved: MovedEntry[];
  replacements: Replacement[];
  /** State files left behind or started by this change (stack renames). */
  stateFiles: StateChange[];
  /** `terraform plan` when actions come from `--plan`, `synth diff` otherwise. */
  actionsFrom: "synth diff" | "terraform plan";
  diagram: string;
}

export interface ReportOptions {
  /** Terraform plans (`terraform show -json`) by stack name; their actions replace the synth diff's. */
  plans?: ReadonlyMap<string, TerraformPlan>;
}

const ORDER: Record<ResourceAction, number> = { replace: 0, delete: 1, update: 2, create: 3 };

function riskRank(r: ResourceReport): number {
  return r.consequence ? 0 : 1;
}

/** Diff two synth outputs into a review report. */
export function buildReport(base: SynthOutput, head: SynthOutput, options: ReportOptions = {}): Report {
  const states = stateChanges(base, head);
  const diff = diffSynth(withoutOrphans(base, states), head);
  const classified = classify(diff);
  const prefixed = new Set([...base.stacks, ...head.stacks].map((s) => s.name)).size > 1;
  for (const [stack, plan] of options.plans ?? []) applyPlan(classified, plan, prefixed ? `${stack}.` : "", stack);

  const headBy = new Map(diff.headEntries.map((e) => [e.address, e]));
  const baseBy = new Map(diff.baseEntries.map((e) => [e.address, e]));
  const movedTo = new Map(diff.moved.map((m) => [m.to, m.from]));
  const resources: ResourceReport[] = [...classified.values()].map((c: Classified) => {
    const body = (c.action === "delete" ? baseBy.get(c.address) : headBy.get(c.address))?.body;
    const r: ResourceReport = {
      ...c,
      causes: [...c.causes].sort((a, b) => Number(b.forcesReplacement) - Number(a.forcesReplacement)),
      followOn: followOn(c, headBy.get(c.address)),
    };
    if (c.action === "replace") r.note = replacementNote(c.type);
    const cons = consequence(c.type, c.action, c.action === "replace" ? (baseBy.get(c.address)?.body ?? body) : body);
    if (cons) r.consequence = cons;
    if (c.action === "replace" && FORCE_NEW[c.type]?.newRevision) r.newRevision = true;
    const from = movedTo.get(c.address);
    if (from) r.movedFrom = from;
    return r;
  });
  resources.sort(
    (a, b) =>
      (a.action === "replace" || a.action === "delete" ? riskRank(a) : 2) - (b.action === "replace" || b.action === "delete" ? riskRank(b) : 2) ||
      ORDER[a.action] - ORDER[b.action] ||
      naturalCompare(a.address, b.address),
  );
  const byAddress = new Map(resources.map((r) => [r.address, r]));

  const changed: ReportChange[] = [
    ...diff.changed.map((c) => ({ ...c, action: (c.kind === "resource" ? (byAddress.get(c.address)?.action ?? "none") : "none") as ReportChange["action"] })),
    ...diff.moved
      .filter((m) => m.changes.length > 0)
      .map((m) => ({
        address: m.to,
        kind: "resource" as const,
        type: m.type,
        stack: m.stack,
        changes: m.changes,
        action: (byAddress.get(m.to)?.action ?? "none") as ReportChange["action"],
        movedFrom: m.from,
      })),
  ].map((c) => ({ ...c, action: c.action === "update" || c.action === "replace" ? c.action : "none" }));
  changed.sort((a, b) => naturalCompare(a.address, b.address));

  const replacements: Replacement[] = resources
    .filter((r) => r.action === "replace")
    .flatMap((r) =>
      r.causes
        .filter((c) => c.forcesReplacement)
        .map((c) => ({
          address: r.address,
          type: r.type,
          path: c.path,
          old: c.old,
          new: c.new,
          ...(c.via ? { via: `${c.via.address}.${c.via.attribute}` } : {}),
          note: r.note ?? replacementNote(r.type),
        })),
    );

  const count = (a: ResourceAction): number => resources.filter((r) => r.action === a).length;
  const isResource = (e: { kind: string }): boolean => e.kind === "resource";
  const summary: Summary = {
    add: count("create"),
    change: count("update"),
    replace: count("replace"),
    destroy: count("delete"),
    move: diff.moved.length,
    newRevisions: resources.filter((r) => r.newRevision).length,
    other: [...diff.added, ...diff.removed, ...diff.changed].filter((e) => !isResource(e)).length,
    terraform: { add: count("create") + count("replace"), change: count("update"), destroy: count("delete") + count("replace") },
  };

  const status = new Map<string, NodeStatus>();
  for (const r of resources) {
    status.set(r.address, r.action === "create" ? "added" : r.action === "update" ? "changed" : r.action === "replace" ? "replaced" : "removed");
  }
  const removedEntries: Entry[] = diff.baseEntries.filter((e) => status.get(e.address) === "removed");

  return {
    summary,
    resources,
    added: diff.added,
    changed,
    removed: diff.removed,
    moved: diff.moved,
    replacements,
    stateFiles: states,
    actionsFrom: options.plans && options.plans.size > 0 ? "terraform plan" : "synth diff",
    diagram: buildDiagram([...diff.headEntries, ...removedEntries], status),
  };
}
