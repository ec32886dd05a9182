import { Json, JsonObject, SynthOutput } from "./load";

/** Which top-level block of cdk.tf.json an entry comes from. */
export type EntryKind = "resource" | "data" | "output" | "variable" | "module" | "provider" | "terraform" | "locals";

/** One addressable block of a synth output (a resource, data source, output, ...). */
export interface Entry {
  /** Terraform-style address, prefixed with `<stack>.` when there is more than one stack. */
  address: string;
  kind: EntryKind;
  /** Resource or data source type (`aws_lb`); the kind for other blocks. */
  type: string;
  /** Local name (`web_alb`). */
  name: string;
  stack: string;
  body: Json;
}

/** One changed leaf attribute; values are display strings, already masked. */
export interface AttributeChange {
  path: string;
  /** `null` when the attribute is absent on that side. */
  old: string | null;
  new: string | null;
  masked: boolean;
}

export interface EntryRef {
  address: string;
  kind: EntryKind;
  type: string;
  stack: string;
}

export interface ChangedEntry extends EntryRef {
  changes: AttributeChange[];
}

export interface MovedEntry {
  from: string;
  to: string;
  type: string;
  stack: string;
  /** Attribute changes between the old and the new address (empty for a pure move). */
  changes: AttributeChange[];
}

export interface SynthDiff {
  added: EntryRef[];
  removed: EntryRef[];
  changed: ChangedEntry[];
  moved: MovedEntry[];
  /** Every entry of the head output, for the architecture diagram. */
  headEntries: Entry[];
  /** Every entry of the base output (removed resources are drawn too). */
  baseEntries: Entry[];
}

export const MASK = "(masked)";

/** Attribute names whose values must never be printed. */
const SECRET_NAME = /password|secret|token|private_key|credential/i;
/** Names that match SECRET_NAME but hold no secret. */
const NOT_SECRET = new Set(["http_tokens"]);
/** Keys that hold cdktf metadata, not configuration. */
const METADATA_KEY = "//";

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.has(name);
}

/** Natural ordering so that `a[2]` sorts before `a[10]`. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function entriesOf(out: SynthOutput, prefixStacks: boolean): Entry[] {
  const result: Entry[] = [];
  for (const stack of out.stacks) {
    const pre = prefixStacks ? `${stack.name}.` : "";
    const doc = stack.doc;
    const push = (kind: EntryKind, type: string, name: string, local: string, body: Json): void => {
      result.push({ address: pre + local, kind, type, name, stack: stack.name, body });
    };
    const typed = (key: "resource" | "data", kind: EntryKind, addrPrefix: string): void => {
      const block = doc[key];
      if (!isObject(block)) return;
      for (const type of Object.keys(block)) {
        const byName = block[type];
        if (!isObject(byName)) continue;
        for (const name of Object.keys(byName)) {
          push(kind, type, name, `${addrPrefix}${type}.${name}`, byName[name]);
        }
      }
    };
    typed("resource", "resource", "");
    typed("data", "data", "data.");
    const named = (key: string, kind: EntryKind, addrPrefix: string): void => {
      const block = doc[key];
      if (!isObject(block)) return;
      for (const name of Object.keys(block)) {
        if (name === METADATA_KEY) continue;
        push(kind, kind, name, `${addrPrefix}${name}`, block[name]);
      }
    };
    named("output", "output", "output.");
    named("variable", "variable", "var.");
    named("module", "module", "module.");
    named("provider", "provider", "provider.");
    named("locals", "locals", "local.");
    if (doc.terraform !== undefined) push("terraform", "terraform", "terraform", "terraform", doc.terraform);
  }
  return result;
}

interface Leaf {
  value: Json;
  masked: boolean;
}

function parseJsonString(s: string): Json | undefined {
  const t = s.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    const v = JSON.parse(t) as Json;
    return v !== null && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

function keySegment(prefix: string, key: string): string {
  const seg = /^[A-Za-z0-9_-]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (seg.startsWith("[")) return prefix + seg;
  return prefix ? `${prefix}.${seg}` : seg;
}

/**
 * Flatten a value to leaf paths (`a.b[0].c`). Strings holding JSON objects or
 * arrays (container_definitions, IAM policies) are parsed and flattened too.
 * `//` metadata keys are dropped. Leaves under secret-looking names, and the
 * `value` of `{name: "DB_PASSWORD", value: ...}` pairs, are marked masked.
 */
export function flatten(value: Json, prefix = "", masked = false, out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (typeof value === "string") {
    const parsed = parseJsonString(value);
    if (parsed !== undefined) return flatten(parsed, prefix, masked, out);
    out.set(prefix, { value, masked });
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, { value: [], masked });
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, masked, out));
    return out;
  }
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => k !== METADATA_KEY);
    if (keys.length === 0) out.set(prefix, { value: {}, masked });
    // `{name: "DB_PASSWORD", value: "..."}` (container environment, SSM-style pairs).
    const pairName = value.name ?? value.Name ?? value.key;
    const secretPair = typeof pairName === "string" && isSecretName(pairName);
    for (const k of keys) {
      const m = masked || isSecretName(k) || (secretPair && /^value$/i.test(k));
      flatten(value[k], keySegment(prefix, k), m, out);
    }
    return out;
  }
  out.set(prefix, { value, masked });
  return out;
}

export function displayValue(v: Json): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * Changes Terraform acts on: without those to attributes the resource's `lifecycle.ignore_changes`
 * names (Terraform keeps the value in state on update; "all" ignores every attribute), nor to that
 * list itself. https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#ignore_changes
 */
export function withoutIgnoredChanges(changes: AttributeChange[], body: Json): AttributeChange[] {
  const ignore = (body as { lifecycle?: { ignore_changes?: string[] | "all" } } | null)?.lifecycle?.ignore_changes;
  if (ignore === undefined) return changes;
  const top = (path: string) => path.split(/[.[]/)[0];
  return changes.filter((c) => top(c.path) !== "lifecycle" && ignore !== "all" && !ignore.includes(top(c.path)));
}

/** Leaf-level differences between two bodies, sorted by path. */
export function diffBodies(oldBody: Json, newBody: Json): AttributeChange[] {
  const a = flatten(oldBody);
  const b = flatten(newBody);
  const paths = new Set([...a.keys(), ...b.keys()]);
  const changes: AttributeChange[] = [];
  for (const p of paths) {
    const x = a.get(p);
    const y = b.get(p);
    if (x && y && JSON.stringify(x.value) === JSON.stringify(y.value)) continue;
    const masked = Boolean(x?.masked || y?.masked);
    const show = (l: Leaf | undefined): string | null => (l ? (masked ? MASK : displayValue(l.value)) : null);
    changes.push({ path: p, old: show(x), new: show(y), masked });
  }
  return changes.sort((m, n) => naturalCompare(m.path, n.path));
}

function ref(e: Entry): EntryRef {
  return { address: e.address, kind: e.kind, type: e.type, stack: e.stack };
}

function movedPairs(out: SynthOutput, prefixStacks: boolean): Array<{ from: string; to: string; stack: string }> {
  const pairs: Array<{ from: string; to: string; stack: string }> = [];
  for (const stack of out.stacks) {
    const moved = stack.doc.moved;
    const list = Array.isArray(moved) ? moved : isObject(moved) ? [moved] : [];
    const pre = prefixStacks ? `${stack.name}.` : "";
    for (const m of list) {
      if (isObject(m) && typeof m.from === "string" && typeof m.to === "string") {
        pairs.push({ from: pre + m.from, to: pre + m.to, stack: stack.name });
      }
    }
  }
  return pairs;
}

/** Compare two synth outputs. */
/**
 * What changes from `base` to `head`. With `asTerraformActs` (the default, for a review of a
 * change), changes to attributes a resource's `lifecycle.ignore_changes` names are left out, as
 * `terraform plan` leaves them; comparing two environments keeps them (they do differ).
 */
export function diffSynth(base: SynthOutput, head: SynthOutput, options: { asTerraformActs?: boolean } = {}): SynthDiff {
  const asTerraformActs = options.asTerraformActs ?? true;
  const stackNames = new Set([...base.stacks, ...head.stacks].map((s) => s.name));
  const prefix = stackNames.size > 1;
  const oldEntries = entriesOf(base, prefix);
  const newEntries = entriesOf(head, prefix);
  const oldBy = new Map(oldEntries.map((e) => [e.address, e]));
  const newBy = new Map(newEntries.map((e) => [e.address, e]));

  const moved: MovedEntry[] = [];
  const consumed = new Set<string>();
  for (const m of movedPairs(head, prefix)) {
    const from = oldBy.get(m.from);
    const to = newBy.get(m.to);
    if (!from || !to || newBy.has(m.from) || oldBy.has(m.to)) continue;
    consumed.add(m.from).add(m.to);
    moved.push({ from: m.from, to: m.to, type: to.type, stack: to.stack, changes: diffBodies(from.body, to.body) });
  }

  const added: EntryRef[] = [];
  const removed: EntryRef[] = [];
  const changed: ChangedEntry[] = [];
  for (const e of newEntries) {
    if (consumed.has(e.address)) continue;
    const old = oldBy.get(e.address);
    if (!old) {
      added.push(ref(e));
      continue;
    }
    const all = diffBodies(old.body, e.body);
    const changes = asTerraformActs ? withoutIgnoredChanges(all, e.body) : all;
    if (changes.length > 0) changed.push({ ...ref(e), changes });
  }
  for (const e of oldEntries) {
    if (!consumed.has(e.address) && !newBy.has(e.address)) removed.push(ref(e));
  }
  const byAddress = (x: { address: string }, y: { address: string }): number => naturalCompare(x.address, y.address);
  return {
    added: added.sort(byAddress),
    removed: removed.sort(byAddress),
    changed: changed.sort(byAddress),
    moved: moved.sort((x, y) => naturalCompare(x.from, y.from)),
    headEntries: newEntries.sort(byAddress),
    baseEntries: oldEntries.sort(byAddress),
  };
}
