/**
 * Layered configs. A config file may say `extends: base.yaml` (or a list of files, each relative to
 * the file that names it), and several files may be named in order (`ECS_CONFIG=base.yaml,prod.yaml`).
 * Later layers win:
 * - mappings merge key by key, at every depth;
 * - lists are replaced as a whole, except the lists in MERGED_BY_NAME, whose items merge by `name`
 *   (an item whose name an earlier layer has merges into it; a new name is added at the end;
 *   `{ name: web, remove: true }` deletes the earlier item);
 * - `key: null` (or `key: ~`) in a later layer removes the key an earlier layer set.
 * A layer may change a value, never its kind: a mapping cannot become a list or a single value.
 * Every value of the merged result remembers the file and line that set it, so the schema's and
 * the checks' problems point there.
 */
import { readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { ConfigError, LocatedIssue } from "./config-error";
import { show } from "./schema-dsl";

const MAX_BYTES = 1024 * 1024;
/** Most files one config may be made of; a longer chain of `extends` is refused. */
export const MAX_LAYERS = 16;
/** Values nested deeper than this are taken as a whole by a later layer (no config key is this deep). */
const MAX_MERGE_DEPTH = 32;
/** Lists whose items later layers merge by `name` instead of replacing the list; `*` is any item. */
export const MERGED_BY_NAME: readonly string[] = ["services", "loadBalancers", "tasks", "services.*.containers", "tasks.*.containers"];

type Step = string | number;

/** Where a value was set: a layer and the value's steps inside that file. */
interface Origin {
  readonly layer: Layer;
  readonly steps: readonly Step[];
}

/** One `extends` entry: the file as written and where it is written. */
interface ExtendsEntry {
  readonly name: string;
  readonly steps: readonly Step[];
}

/** One parsed config file. */
export class Layer {
  constructor(
    /** The file as shown in messages. */
    readonly file: string,
    /** Absolute path of the file; undefined for text that came from no file on disk. */
    readonly path: string | undefined,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** The document as plain data, `extends` taken out. */
    readonly value: unknown,
    /** The files it extends, in order. */
    readonly extendsFiles: readonly ExtendsEntry[],
  ) {}

  /** 1-based line of the value at `steps`, or of its deepest parent present in this file. */
  lineOf(steps: readonly Step[]): number | undefined {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node);
    for (const step of steps) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(String(step)) && node.items[Number(step)] !== undefined) {
        node = node.items[Number(step)];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  /** A problem about the value at `steps` of this file. */
  issue(path: string, message: string, steps: readonly Step[]): LocatedIssue {
    return { path, message, file: this.file, line: this.lineOf(steps) };
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** A mapping as YAML/JSON give it; not a list, nor a typed value like `!!binary` bytes. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.prototype.toString.call(v) === "[object Object]";
}

/** How a file is named in messages: relative to the working folder when inside it. */
export function shownPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : absolute;
}

/** Parses one config file's text; YAML, encoding and size problems are a ConfigError naming `file`. */
export function parseLayer(text: string | Buffer, file: string, path?: string): Layer {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  if (bytes.length > MAX_BYTES) throw new ConfigError(file, [{ path: "(file)", message: `is ${bytes.length} bytes; at most ${MAX_BYTES} are allowed` }]);
  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(file, [{ path: "(file)", message: "is not valid UTF-8 text; save it as UTF-8" }]);
  }
  const lines = new LineCounter();
  // Anchors and aliases are limited, so a "billion laughs" document cannot exhaust memory.
  // logLevel "error": problems are reported below, not as process warnings on stderr.
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true, strict: true, logLevel: "error", lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.slice(0, 10).map((e) => ({
        path: `(line ${e.linePos?.[0]?.line ?? "?"})`,
        message: `is not valid YAML or JSON: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(file, [{ path: "(file)", message: `cannot be read: ${(e as Error).message.split("\n")[0]}` }]);
  }
  if (!isPlainObject(value) || !Object.hasOwn(value, "extends")) return new Layer(file, path, doc, lines, value, []);
  const { extends: named, ...rest } = value;
  const partial = new Layer(file, path, doc, lines, rest, []);
  const entries: ExtendsEntry[] = [];
  const names = Array.isArray(named) ? named : [named];
  names.forEach((name, index) => {
    const steps = Array.isArray(named) ? ["extends", index] : ["extends"];
    if (typeof name !== "string" || name.trim() === "" || name.length > 1024) {
      throw new ConfigError(file, [
        partial.issue(
          Array.isArray(named) ? `extends[${index}]` : "extends",
          `${show(name)} is not a file path; extends takes a path or a list of paths, relative to this file`,
          steps,
        ),
      ]);
    }
    entries.push({ name, steps });
  });
  if (entries.length === 0 || entries.length >= MAX_LAYERS) {
    throw new ConfigError(file, [partial.issue("extends", `has ${entries.length} files; 1 to ${MAX_LAYERS - 1} are allowed`, ["extends"])]);
  }
  return new Layer(file, path, doc, lines, rest, entries);
}

/** What is wrong with a path that could not be read, as a phrase, and what to do about it. */
export function unreadable(error: unknown, absolute: string): { what: string; fix: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return { what: `does not exist (looked for ${absolute})`, fix: "check the spelling and the folder it is relative to" };
  if (code === "EISDIR")
    return {
      what: `is a folder, not a config file (${absolute})`,
      fix: "name a .yaml or .json file in it (npm run synth also takes a folder of environments, see docs/environments.md)",
    };
  if (code === "EACCES" || code === "EPERM") return { what: `cannot be read: permission denied (${absolute})`, fix: "give the user running the synth read access (chmod u+r)" };
  return { what: `cannot be read (${code ?? (error as Error).message})`, fix: "check that it is a readable file" };
}

/** Reads and parses config files, each once, following `extends`. */
export class LayerReader {
  private readonly byRealPath = new Map<string, Layer>();

  /**
   * Reads the file at `absolute`. Problems reading it are reported at `via` (the `extends` entry
   * that names it) when given, else as a problem of the file itself.
   */
  read(absolute: string, via?: { layer: Layer; entry: ExtendsEntry }): Layer {
    let bytes: Buffer;
    let real: string;
    try {
      bytes = readFileSync(absolute);
      real = realpathSync(absolute);
    } catch (e) {
      const { what, fix } = unreadable(e, absolute);
      if (via) {
        const path = via.entry.steps.length === 2 ? `extends[${via.entry.steps[1]}]` : "extends";
        throw new ConfigError(via.layer.file, [
          via.layer.issue(path, `${show(via.entry.name)} ${what}; ${fix} (paths in extends are relative to the file that names them)`, via.entry.steps),
        ]);
      }
      throw new ConfigError(shownPath(absolute), [{ path: "(file)", message: `${what}; ${fix}` }]);
    }
    const known = this.byRealPath.get(real);
    if (known) return known;
    const layer = parseLayer(bytes, shownPath(absolute), real);
    this.byRealPath.set(real, layer);
    return layer;
  }

  /** The layers `roots` stand for, in merge order: what each extends comes before it; each file once. */
  expand(roots: readonly Layer[]): Layer[] {
    const out: Layer[] = [];
    const visit = (layer: Layer, chain: readonly Layer[]) => {
      for (const entry of layer.extendsFiles) {
        const base = layer.path ? dirname(layer.path) : process.cwd();
        const child = this.read(resolve(base, entry.name), { layer, entry });
        const path = entry.steps.length === 2 ? `extends[${entry.steps[1]}]` : "extends";
        if (chain.includes(child)) {
          const cycle = [...chain.slice(chain.indexOf(child)), child].map((l) => l.file).join(" → ");
          throw new ConfigError(layer.file, [
            layer.issue(path, `${show(entry.name)} makes a cycle: ${cycle}; a config cannot extend itself, directly or through other files`, entry.steps),
          ]);
        }
        if (chain.length + 1 >= MAX_LAYERS) {
          throw new ConfigError(layer.file, [
            layer.issue(path, `${show(entry.name)} makes a chain of more than ${MAX_LAYERS} files extending each other; flatten some of them`, entry.steps),
          ]);
        }
        visit(child, [...chain, child]);
      }
      if (!out.includes(layer)) out.push(layer);
    };
    for (const root of roots) visit(root, [root]);
    if (out.length > MAX_LAYERS) {
      throw new ConfigError(roots[roots.length - 1].file, [{ path: "extends", message: `makes a config of ${out.length} files; at most ${MAX_LAYERS} are allowed` }]);
    }
    return out;
  }
}

/** The merged document of several layers, and where each of its values was set. */
export interface Merged {
  /** Plain data for the schema, as if it came from one file. */
  readonly raw: unknown;
  /** The file and line that set the value at a problem's path (`services[0].containers[1].image`). */
  locate(path: string): { file: string; line?: number } | undefined;
  /** The files merged, in order. */
  readonly files: readonly string[];
}

/** Merges layers in order (see the top of this file); conflicts are a ConfigError named `label`. */
export function mergeLayers(label: string, layers: readonly Layer[]): Merged {
  const files = layers.map((l) => l.file);
  if (layers.length === 1) {
    const [layer] = layers;
    return {
      raw: layer.value,
      files,
      locate: (path) => {
        const steps = pathSteps(path);
        return steps ? { file: layer.file, line: layer.lineOf(steps) } : undefined;
      },
    };
  }
  const issues: LocatedIssue[] = [];
  for (const layer of layers) {
    if (!isPlainObject(layer.value))
      issues.push(layer.issue("(root)", `${show(layer.value)} is not a mapping; each file of a layered config is a mapping of the keys it sets`, []));
  }
  if (issues.length > 0) throw new ConfigError(label, issues);
  let tree: Tree | undefined;
  layers.forEach((layer, index) => {
    tree = mergeTree(tree, toTree(layer.value, { layer, steps: [] }, 0), [], index > 0, issues);
  });
  if (issues.length > 0) throw new ConfigError(label, issues);
  const root = tree!;
  return {
    raw: toPlain(root),
    files,
    locate: (path) => {
      const steps = pathSteps(path);
      if (!steps) return undefined;
      const origin = originAt(root, steps);
      return { file: origin.layer.file, line: origin.layer.lineOf(origin.steps) };
    },
  };
}

/** A problem's path as steps: `services[0].image` → ["services", 0, "image"]; undefined for `(root)` and the like. */
function pathSteps(path: string): Step[] | undefined {
  if (path.startsWith("(")) return undefined;
  const steps: Step[] = [];
  for (const m of path.replace(/ key$/, "").matchAll(/\[(\d+)\]|([^.[\]]+)/g)) steps.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  return steps;
}

type Tree =
  | { readonly kind: "map"; readonly entries: Map<string, Tree>; readonly origin: Origin }
  | { readonly kind: "list"; readonly items: Tree[]; readonly origin: Origin }
  | { readonly kind: "value"; readonly value: unknown; readonly origin: Origin };

function toTree(value: unknown, origin: Origin, depth: number): Tree {
  if (depth < MAX_MERGE_DEPTH && isPlainObject(value)) {
    const entries = new Map<string, Tree>();
    for (const key of Object.keys(value)) entries.set(key, toTree(value[key], { layer: origin.layer, steps: [...origin.steps, key] }, depth + 1));
    return { kind: "map", entries, origin };
  }
  if (depth < MAX_MERGE_DEPTH && Array.isArray(value)) {
    return { kind: "list", items: value.map((v, i) => toTree(v, { layer: origin.layer, steps: [...origin.steps, i] }, depth + 1)), origin };
  }
  return { kind: "value", value, origin };
}

function toPlain(tree: Tree): unknown {
  if (tree.kind === "value") return tree.value;
  if (tree.kind === "list") return tree.items.map(toPlain);
  const out: Record<string, unknown> = {};
  // defineProperty: a key "__proto__" stays an own key (the schema refuses it), not a prototype.
  for (const [key, value] of tree.entries) Object.defineProperty(out, key, { value: toPlain(value), enumerable: true, writable: true, configurable: true });
  return out;
}

function originAt(tree: Tree, steps: readonly Step[]): Origin {
  let node: Tree = tree;
  for (const step of steps) {
    // Indices may come as numbers (`[0]`) or as digits (`.0`), depending on how the schema writes paths.
    const next: Tree | undefined = node.kind === "map" ? node.entries.get(String(step)) : node.kind === "list" && /^\d+$/.test(String(step)) ? node.items[Number(step)] : undefined;
    if (!next) break;
    node = next;
  }
  return node.origin;
}

function pathText(path: readonly Step[]): string {
  return path.reduce<string>((text, step) => (typeof step === "number" ? `${text}[${step}]` : text ? `${text}.${step}` : step), "");
}

function isMergedByName(path: readonly Step[]): boolean {
  const pattern = path.map((s) => (typeof s === "number" ? "*" : s)).join(".");
  return MERGED_BY_NAME.includes(pattern);
}

const KIND_NAMES = { map: "a mapping", list: "a list", value: "a single value" } as const;

function isNull(tree: Tree | undefined): boolean {
  return tree?.kind === "value" && tree.value === null;
}

/** `overlay` merged onto `base` at merged path `path`; problems go to `issues`. */
function mergeTree(base: Tree | undefined, overlay: Tree, path: readonly Step[], isOverlay: boolean, issues: LocatedIssue[]): Tree {
  if (base !== undefined && !isNull(base) && base.kind !== overlay.kind && !(base.kind === "value" && overlay.kind === "value")) {
    const before = base.origin.layer;
    issues.push(
      overlay.origin.layer.issue(
        pathText(path) || "(root)",
        `is ${KIND_NAMES[overlay.kind]} here but ${KIND_NAMES[base.kind]} in ${before.file}${lineSuffix(before.lineOf(base.origin.steps))}; a later file can change a value, not turn ${KIND_NAMES[base.kind]} into ${KIND_NAMES[overlay.kind]}`,
        overlay.origin.steps,
      ),
    );
    return overlay;
  }
  if (overlay.kind === "map") {
    const entries = new Map(base?.kind === "map" ? base.entries : []);
    for (const [key, value] of overlay.entries) {
      // `key: null` in a later file removes what an earlier one set.
      if (isOverlay && isNull(value)) {
        entries.delete(key);
        continue;
      }
      entries.set(key, mergeTree(entries.get(key), value, [...path, key], isOverlay, issues));
    }
    return { kind: "map", entries, origin: overlay.origin };
  }
  if (overlay.kind === "list" && isMergedByName(path)) {
    return { kind: "list", items: mergeByName(base?.kind === "list" ? base.items : [], overlay, path, isOverlay, issues), origin: overlay.origin };
  }
  return overlay;
}

function lineSuffix(line: number | undefined): string {
  return line === undefined ? "" : `:${line}`;
}

function nameOf(tree: Tree): string | undefined {
  const name = tree.kind === "map" ? tree.entries.get("name") : undefined;
  return name?.kind === "value" && typeof name.value === "string" ? name.value : undefined;
}

/** Items of a by-name list: same name merges, new names are added, `remove: true` deletes. */
function mergeByName(earlier: readonly Tree[], overlay: Extract<Tree, { kind: "list" }>, path: readonly Step[], isOverlay: boolean, issues: LocatedIssue[]): Tree[] {
  const items: (Tree | undefined)[] = [...earlier];
  const earlierCount = earlier.length;
  const matched = new Set<number>();
  overlay.items.forEach((item, index) => {
    const at = [...path, items.length];
    const name = nameOf(item);
    const remove = item.kind === "map" ? item.entries.get("remove") : undefined;
    const found = name === undefined ? -1 : items.findIndex((x, i) => i < earlierCount && !matched.has(i) && x !== undefined && nameOf(x) === name);
    const layer = item.origin.layer;
    const itemPath = `${pathText(path)}[${index}]`;
    if (remove !== undefined && item.kind === "map") {
      const others = [...item.entries.keys()].filter((k) => k !== "name" && k !== "remove");
      if (remove.kind !== "value" || remove.value !== true) {
        issues.push(
          layer.issue(`${itemPath}.remove`, `${show(toPlain(remove))} is not true; \`remove: true\` deletes the entry of that name an earlier file defines`, remove.origin.steps),
        );
      } else if (name === undefined) {
        issues.push(layer.issue(itemPath, "has remove: true but no name; name the entry to delete", item.origin.steps));
      } else if (others.length > 0) {
        issues.push(
          layer.issue(`${itemPath}.remove`, `deletes ${show(name)}, so ${others.join(", ")} beside it would have no effect; keep only name and remove`, remove.origin.steps),
        );
      } else if (found < 0) {
        issues.push(
          layer.issue(
            `${itemPath}.remove`,
            `deletes ${show(name)}, but no earlier file defines ${pathText(path)} entry ${show(name)}${isOverlay ? "" : " (this is the first file)"}`,
            remove.origin.steps,
          ),
        );
      } else {
        matched.add(found);
        items[found] = undefined;
      }
      return;
    }
    if (found >= 0) {
      matched.add(found);
      items[found] = mergeTree(items[found], item, [...path, found], isOverlay, issues);
    } else {
      items.push(mergeTree(undefined, item, at, isOverlay, issues));
    }
  });
  return items.filter((x): x is Tree => x !== undefined);
}
