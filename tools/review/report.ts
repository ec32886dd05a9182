import { ChangedEntry, diffSynth, EntryRef, MovedEntry, naturalCompare } from "./diff";
import { SynthOutput } from "./load";
import { buildDiagram, NodeStatus } from "./mermaid";
import { inPlaceNote, ReplacementEffect, replacementsFor } from "./replacement";

export type ChangeAction = "update" | ReplacementEffect;

export interface ReportChange extends ChangedEntry {
  /** `replace` or `new-revision` when a ForceNew attribute changed. */
  action: ChangeAction;
  /** Set when the resource was also moved (a `moved` block) from this address. */
  movedFrom?: string;
  /** Extra meaning of an in-place update (e.g. a new launch template version). */
  note?: string;
}

export interface Replacement {
  address: string;
  type: string;
  effect: ReplacementEffect;
  path: string;
  old: string | null;
  new: string | null;
  note: string;
}

/** Counts of resources (outputs, data sources etc. are counted in `other`). */
export interface Summary {
  add: number;
  /** In-place updates, new task definition revisions included. */
  change: number;
  replace: number;
  destroy: number;
  move: number;
  newRevisions: number;
  /** Changes to outputs, data sources, providers, variables, modules, locals, terraform. */
  other: number;
}

export interface Report {
  summary: Summary;
  added: EntryRef[];
  changed: ReportChange[];
  removed: EntryRef[];
  moved: MovedEntry[];
  replacements: Replacement[];
  diagram: string;
}

/** Diff two synth outputs into a review report. */
export function buildReport(base: SynthOutput, head: SynthOutput): Report {
  const diff = diffSynth(base, head);
  const changed: ReportChange[] = [];
  const replacements: Replacement[] = [];
  const classify = (entry: ChangedEntry, movedFrom?: string): void => {
    const hits = entry.kind === "resource" ? replacementsFor(entry.type, entry.changes) : [];
    const action: ChangeAction = hits.some((h) => h.effect === "replace")
      ? "replace"
      : hits.length > 0
        ? "new-revision"
        : "update";
    const note = action === "update" && entry.kind === "resource" ? inPlaceNote(entry.type) : undefined;
    changed.push({ ...entry, action, ...(movedFrom ? { movedFrom } : {}), ...(note ? { note } : {}) });
    for (const h of hits) replacements.push({ address: entry.address, type: entry.type, ...h });
  };
  for (const c of diff.changed) classify(c);
  for (const m of diff.moved) {
    if (m.changes.length > 0) {
      classify({ address: m.to, kind: "resource", type: m.type, stack: m.stack, changes: m.changes }, m.from);
    }
  }
  changed.sort((a, b) => naturalCompare(a.address, b.address));
  replacements.sort((a, b) => naturalCompare(a.address, b.address) || naturalCompare(a.path, b.path));

  const isResource = (e: { kind: string }): boolean => e.kind === "resource";
  const resChanged = changed.filter(isResource);
  const summary: Summary = {
    add: diff.added.filter(isResource).length,
    change: resChanged.filter((c) => c.action !== "replace").length,
    replace: resChanged.filter((c) => c.action === "replace").length,
    destroy: diff.removed.filter(isResource).length,
    move: diff.moved.length,
    newRevisions: resChanged.filter((c) => c.action === "new-revision").length,
    other: [...diff.added, ...diff.removed, ...changed].filter((e) => !isResource(e)).length,
  };

  const status = new Map<string, NodeStatus>();
  for (const a of diff.added) status.set(a.address, "added");
  for (const c of changed) status.set(c.address, c.action === "replace" ? "replaced" : "changed");

  return {
    summary,
    added: diff.added,
    changed,
    removed: diff.removed,
    moved: diff.moved,
    replacements,
    diagram: buildDiagram(diff.headEntries, status),
  };
}
