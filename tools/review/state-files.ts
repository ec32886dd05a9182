import { Json, StackDoc, SynthOutput } from "./load";

/** Where a stack keeps its state: one state file per stack. */
export interface StateFile {
  stack: string;
  /** `local terraform.demo.tfstate`, `s3 bucket/key`, or `stack <name>` for a stack without a backend. */
  location: string;
  resources: number;
}

/** A state file the head no longer plans against, and the one it plans against instead (if any). */
export interface StateChange {
  /** The base stack's state file: nothing plans against it any more; its resources stay in AWS. */
  orphaned?: StateFile;
  /** The head stack's state file, new: every resource in it is planned as a create. */
  created?: StateFile;
}

function obj(v: Json | undefined): { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function resourceCount(doc: StackDoc["doc"]): number {
  return Object.values(obj(doc.resource)).reduce<number>((n, byName) => n + Object.keys(obj(byName)).length, 0);
}

/** The state file of a synthesized stack, from its `terraform.backend` block. */
export function stateFileOf(stack: StackDoc): StateFile {
  const backend = obj(obj(stack.doc.terraform).backend);
  const [kind] = Object.keys(backend);
  const settings = obj(kind ? backend[kind] : undefined);
  let location = `stack ${stack.name}`;
  if (kind === "local")
    location = `local ${String(settings.path ?? "terraform.tfstate")
      .split("/")
      .pop()}`;
  else if (kind === "s3") location = `s3 ${String(settings.bucket ?? "?")}/${String(settings.key ?? "?")}`;
  else if (kind) location = `${kind} ${JSON.stringify(settings)}`;
  return { stack: stack.name, location, resources: resourceCount(stack.doc) };
}

/**
 * Stacks whose state file differs between base and head. Terraform plans each stack against its
 * own state file, so a renamed stack (new state file) creates every resource again while the old
 * state is left behind: its resources are orphaned (still running, no longer managed), not
 * destroyed. Pairs an orphaned file with a new one when exactly one of each exists (a rename).
 */
export function stateChanges(base: SynthOutput, head: SynthOutput): StateChange[] {
  const headFiles = head.stacks.map(stateFileOf);
  const baseFiles = base.stacks.map(stateFileOf);
  const headLocations = new Set(headFiles.map((f) => f.location));
  const baseLocations = new Set(baseFiles.map((f) => f.location));
  const orphaned = baseFiles.filter((f) => !headLocations.has(f.location));
  const created = headFiles.filter((f) => !baseLocations.has(f.location));
  if (orphaned.length === 1 && created.length === 1) return [{ orphaned: orphaned[0], created: created[0] }];
  return [...orphaned.map((o) => ({ orphaned: o })), ...created.filter((c) => base.stacks.length > 0 && c.resources > 0).map((c) => ({ created: c }))];
}

/** The base output without the stacks whose state files the head no longer uses. */
export function withoutOrphans(base: SynthOutput, changes: StateChange[]): SynthOutput {
  const gone = new Set(changes.flatMap((c) => (c.orphaned ? [c.orphaned.stack] : [])));
  return { ...base, stacks: base.stacks.filter((s) => !gone.has(s.name)) };
}
