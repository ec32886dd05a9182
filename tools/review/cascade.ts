import { AttributeChange, Entry, flatten, SynthDiff } from "./diff";
import { Json } from "./load";
import { customForceNew, isForceNewPath, META_ARGUMENTS, recomputedOnUpdate, TAGS_ALL_TYPES, topLevel } from "./replacement";

/** What Terraform does with one resource, as `terraform plan` counts it. */
export type ResourceAction = "create" | "update" | "replace" | "delete";

/** Why a resource is replaced or updated. */
export interface Cause {
  /** The resource's own attribute path that changes. */
  path: string;
  old: string | null;
  new: string | null;
  /** Set when the value changes because a referenced resource changes: `aws_lb.public` and its attribute. */
  via?: { address: string; attribute: string; action: ResourceAction };
  /** True when this change forces the replacement. */
  forcesReplacement: boolean;
}

export interface Classified {
  address: string;
  type: string;
  stack: string;
  action: ResourceAction;
  causes: Cause[];
}

/** A `${aws_x.y.attr}` reference at `path` of a head resource. */
interface Reference {
  from: Entry;
  path: string;
  target: string;
  attribute: string;
}

const REF = /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z0-9_]+)/g;

function referencesOf(e: Entry): Reference[] {
  const out: Reference[] = [];
  const prefix = e.address.slice(0, e.address.length - `${e.type}.${e.name}`.length);
  for (const [path, leaf] of flatten(e.body)) {
    if (META_ARGUMENTS.has(topLevel(path)) || typeof leaf.value !== "string") continue;
    for (const m of leaf.value.matchAll(/\$\{([^}]*)\}/g)) {
      for (const r of m[1].matchAll(REF)) out.push({ from: e, path, target: `${prefix}${r[1]}.${r[2]}`, attribute: r[3] });
    }
  }
  return out;
}

function bodyKeys(body: Json | undefined): Set<string> {
  return new Set(body !== null && body !== undefined && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : []);
}

/**
 * Classify every resource the way `terraform plan` will: direct changes from the synth diff,
 * then replacement and update **propagated through references** until nothing more changes.
 *
 * A referenced attribute changes when its resource is created, when it is replaced and the
 * attribute is computed (not set in the configuration: ids, ARNs, names made from a prefix) or
 * its own value changes, or when it is updated and the attribute changes (or is one that every
 * update recomputes, such as a launch template's `latest_version`). The referring attribute then
 * changes too: a replacement when it is ForceNew for the referring type, an update otherwise.
 */
export function classify(diff: SynthDiff): Map<string, Classified> {
  const result = new Map<string, Classified>();
  const head = new Map(diff.headEntries.filter((e) => e.kind === "resource").map((e) => [e.address, e]));
  const base = new Map(diff.baseEntries.filter((e) => e.kind === "resource").map((e) => [e.address, e]));
  /** Top-level attributes of each resource whose value changes. */
  const changedTops = new Map<string, Set<string>>();
  const tops = (address: string): Set<string> => {
    let s = changedTops.get(address);
    if (!s) {
      s = new Set();
      changedTops.set(address, s);
    }
    return s;
  };

  for (const a of diff.added) if (a.kind === "resource") result.set(a.address, { ...a, action: "create", causes: [] });
  for (const r of diff.removed) if (r.kind === "resource") result.set(r.address, { ...r, action: "delete", causes: [] });
  // A reference that only follows a `moved` block points at the same object: no change.
  const renames = diff.moved.map((m) => [m.from.split(".").slice(-2).join("."), m.to.split(".").slice(-2).join(".")]);
  const onlyMoved = (c: AttributeChange): boolean =>
    c.old !== null && c.new !== null && c.old !== c.new && renames.some(([from, to]) => c.old!.split(`${from}.`).join(`${to}.`) === c.new);
  const direct = (address: string, type: string, stack: string, changes: AttributeChange[], oldBody: Json | undefined): void => {
    const newBody = head.get(address)?.body;
    const causes: Cause[] = changes
      .filter((c) => !META_ARGUMENTS.has(topLevel(c.path)) && !onlyMoved(c))
      .map((c) => ({ ...c, forcesReplacement: isForceNewPath(type, c.path) || customForceNew(type, c.path, oldBody, newBody) }));
    if (causes.length === 0) return;
    for (const c of causes) tops(address).add(topLevel(c.path));
    result.set(address, { address, type, stack, action: causes.some((c) => c.forcesReplacement) ? "replace" : "update", causes });
  };
  for (const c of diff.changed) if (c.kind === "resource") direct(c.address, c.type, c.stack, c.changes, base.get(c.address)?.body);
  for (const m of diff.moved) direct(m.to, m.type, m.stack, m.changes, base.get(m.from)?.body);

  // Provider default_tags reach every taggable resource through its computed tags_all.
  for (const p of diff.changed.filter((e) => e.kind === "provider")) {
    if (!p.changes.some((c) => /(^|[.\]])default_tags/.test(c.path))) continue;
    for (const e of head.values()) {
      if (e.stack !== p.stack || !TAGS_ALL_TYPES.has(e.type)) continue;
      const c = result.get(e.address);
      if (c && c.action !== "update") continue;
      const cause: Cause = { path: "tags_all", old: null, new: null, via: { address: p.address, attribute: "default_tags", action: "update" }, forcesReplacement: false };
      if (c) c.causes.push(cause);
      else result.set(e.address, { address: e.address, type: e.type, stack: e.stack, action: "update", causes: [cause] });
      tops(e.address).add("tags_all");
    }
  }

  const attributeChanges = (address: string, attribute: string): boolean => {
    const c = result.get(address);
    if (!c) return false;
    if (c.action === "create") return true;
    if (c.action === "delete") return false;
    if (tops(address).has(attribute)) return true;
    if (c.action === "replace") return !bodyKeys(head.get(address)?.body).has(attribute);
    return recomputedOnUpdate(c.type, attribute, tops(address));
  };

  const refs = [...head.values()].flatMap(referencesOf);
  for (let changed = true; changed; ) {
    changed = false;
    for (const ref of refs) {
      const target = result.get(ref.target);
      if (!target || !attributeChanges(ref.target, ref.attribute)) continue;
      const from = result.get(ref.from.address);
      if (from && (from.action === "create" || from.action === "delete")) continue;
      if (from?.causes.some((c) => c.path === ref.path)) continue;
      const oldBody = base.get(ref.from.address)?.body;
      const forces = isForceNewPath(ref.from.type, ref.path) || customForceNew(ref.from.type, ref.path, oldBody, ref.from.body);
      const cause: Cause = {
        path: ref.path,
        old: null,
        new: null,
        via: { address: ref.target, attribute: ref.attribute, action: target.action },
        forcesReplacement: forces,
      };
      const entry = from ?? { address: ref.from.address, type: ref.from.type, stack: ref.from.stack, action: "update" as ResourceAction, causes: [] };
      entry.causes.push(cause);
      if (forces) entry.action = "replace";
      result.set(entry.address, entry);
      tops(entry.address).add(topLevel(ref.path));
      changed = true;
    }
  }
  return result;
}
