/**
 * The config schema as a tree of keys, read from the zod schema itself: each key's path, what it
 * allows, its default and its description. The JSON Schema, the configuration reference and the
 * maximal-config test are built from it.
 *
 * Descriptions come from `.describe()` / `.meta({ description })` on the key's schema; where a
 * key has none, from the `/** doc comment *\/` above the key in config/ (read with the TypeScript
 * parser, matching the object literal by its list of keys).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import { allowedOf } from "../../config/schema-dsl";

export interface KeyDoc {
  /** Path in the reference's syntax: `services[].containers[].name`, `tags.<name>`. */
  readonly path: string;
  /** Path steps: a key, `[]` for every item of a list, `<name>` for every key of a map. */
  readonly steps: readonly string[];
  /** What is allowed, as in error messages. */
  readonly allowed: string;
  /** The default as the config would write it; undefined when there is none. */
  readonly defaultValue?: unknown;
  /** `@default` text of the doc comment: a default that is a behaviour. */
  readonly defaultText?: string;
  readonly required: boolean;
  readonly description: string;
  /** A key whose value is a mapping of further keys (documented one by one). */
  readonly isSection: boolean;
  /** The key's own schema (with its wrappers). */
  readonly schema: z.core.$ZodType;
}

interface Comment {
  readonly text: string;
  readonly defaultText?: string;
}

/** The project root: the nearest folder above this file with the config sources (also from dist/). */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "config", "schema.ts"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root above ${from}`);
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();

/** `/** doc comments *\/` of the keys of every `object({...})` literal in config/, by key list. */
export function docComments(root = ROOT): Map<string, Map<string, Comment>> {
  const byKeys = new Map<string, Map<string, Comment>>();
  const files = [
    "config/schema.ts",
    ...readdirSync(join(root, "config/sections"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `config/sections/${f}`),
  ];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "object" &&
        node.arguments[0] &&
        ts.isObjectLiteralExpression(node.arguments[0])
      ) {
        const literal = node.arguments[0];
        const comments = new Map<string, Comment>();
        const keys: string[] = [];
        for (const property of literal.properties) {
          if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
          keys.push(property.name.text);
          const comment = jsDoc(property);
          if (comment) comments.set(property.name.text, comment);
        }
        byKeys.set(keys.join(","), comments);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return byKeys;
}

function jsDoc(node: ts.Node): Comment | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const doc = docs?.[docs.length - 1];
  if (!doc) return undefined;
  const text = oneLine(ts.getTextOfJSDocComment(doc.comment) ?? "");
  const tag = doc.tags?.find((t) => t.tagName.text === "default");
  const defaultText = tag ? oneLine(ts.getTextOfJSDocComment(tag.comment) ?? "").replace(/^- /, "") : undefined;
  return { text, defaultText };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  defaultValue?: unknown;
};

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** The schema under optional, default, prefault and pipe wrappers, with what the wrappers said. */
export function unwrap(schema: z.core.$ZodType): { core: z.core.$ZodType; optional: boolean; defaultValue?: unknown; description?: string } {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  let description: string | undefined;
  for (;;) {
    description ??= z.globalRegistry.get(current)?.description;
    const def = defOf(current);
    if (def.type === "optional") optional = true;
    else if (def.type === "default" || def.type === "prefault") {
      optional = true;
      if (defaultValue === undefined && def.type === "default") defaultValue = def.defaultValue;
    } else if (def.type !== "pipe") break;
    current = def.type === "pipe" ? (defOf(def.in!).type === "transform" ? def.out! : def.in!) : def.innerType!;
  }
  return { core: current, optional, defaultValue, description };
}

/** Every key of the schema, depth first, in the order the schema declares them. */
export function keyTree(schema: z.core.$ZodType, comments = docComments()): KeyDoc[] {
  const out: KeyDoc[] = [];
  const walk = (node: z.core.$ZodType, steps: string[]): void => {
    const def = defOf(node);
    if (def.type === "object") {
      const shape = def.shape!;
      const notes = comments.get(Object.keys(shape).join(",")) ?? new Map<string, Comment>();
      for (const [key, child] of Object.entries(shape)) {
        const info = unwrap(child);
        const keySteps = [...steps, key];
        const comment = notes.get(key);
        const coreType = defOf(info.core).type;
        const isSection = coreType === "object";
        out.push({
          path: pathOf(keySteps),
          steps: keySteps,
          allowed: allowedOf(child),
          defaultValue: info.defaultValue,
          defaultText: comment?.defaultText,
          required: !info.optional,
          description: info.description ?? comment?.text ?? "",
          isSection,
          schema: child,
        });
        walk(info.core, keySteps);
      }
    } else if (def.type === "array") {
      walk(unwrap(def.element!).core, [...steps, "[]"]);
    } else if (def.type === "record") {
      const value = unwrap(def.valueType!).core;
      if (["object", "array", "record"].includes(defOf(value).type)) walk(value, [...steps, "<name>"]);
    }
  };
  walk(unwrap(schema).core, []);
  return out;
}

export function pathOf(steps: readonly string[]): string {
  return steps.reduce((text, step) => (step === "[]" ? `${text}[]` : text ? `${text}.${step}` : step), "");
}

/** Keys that hold a value (not a mapping of further keys): what a config sets. */
export function leaves(keys: readonly KeyDoc[]): KeyDoc[] {
  return keys.filter((k) => !k.isSection && !hasChildren(k, keys));
}

function hasChildren(key: KeyDoc, keys: readonly KeyDoc[]): boolean {
  return keys.some((k) => k.steps.length > key.steps.length && key.steps.every((s, i) => k.steps[i] === s));
}

/**
 * The JSON Schema of the config file (draft-07, what editors' YAML support reads), with every
 * key's description.
 */
export function configJsonSchema(schema: z.core.$ZodType, comments = docComments()): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(z.toJSONSchema(schema, { io: "input", target: "draft-07", unrepresentable: "any" }))) as Record<string, unknown>;
  describeJson(schema, json, comments);
  return renamePrefaults(json) as Record<string, unknown>;
}

/** Copies doc-comment descriptions onto the JSON Schema, walking zod and JSON side by side. */
function describeJson(schema: z.core.$ZodType, json: Record<string, any>, comments: Map<string, Map<string, Comment>>): void {
  const { core } = unwrap(schema);
  const def = defOf(core);
  if (def.type === "object" && json.properties) {
    const notes = comments.get(Object.keys(def.shape!).join(","));
    for (const [key, child] of Object.entries(def.shape!)) {
      const target = json.properties[key];
      if (!target) continue;
      const info = unwrap(child);
      const text = info.description ?? notes?.get(key)?.text;
      if (text && !target.description) target.description = text;
      // zod leaves out defaults that sit on a preprocessed schema (lists, maps, mappings).
      if (info.defaultValue !== undefined && !("default" in target)) target.default = info.defaultValue;
      describeJson(child, target, comments);
    }
  } else if (def.type === "array" && json.items) describeJson(def.element!, json.items, comments);
  else if (def.type === "record" && typeof json.additionalProperties === "object") describeJson(def.valueType!, json.additionalProperties, comments);
}

/** zod writes the default of a section (`prefault`) as `_prefault`; JSON Schema calls it `default`. */
function renamePrefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamePrefaults);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === "_prefault" ? "default" : k, renamePrefaults(v)]));
}
