/**
 * The config's value types, as zod schemas.
 *
 * The helpers below keep the vocabulary of the config sections (`object`, `list`, `integer`,
 * `withDefault`, ...) and return ordinary zod 4 schemas, so types come from `z.infer`, the JSON
 * Schema from `z.toJSONSchema` and the reference docs from the same tree (tools/docs/).
 *
 * Each schema carries a phrase for what it allows ("an integer between 1 and 65535"); every
 * problem reads `path: <value> is not <allowed>`. Parsing never stops at the first problem: every
 * problem in the file is reported, one line each (see `parse`).
 */
import { z } from "zod";

/** One problem in the config: where, and what is wrong there. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A schema of the config: any zod schema whose parsed value is a `T`. */
export type Schema<T = unknown> = z.ZodType<T, any>;

/** The parsed (defaults filled in) type of a schema. */
export type Infer<S> = S extends z.ZodType ? z.output<S> : never;

/** The parsed type of an object shape. */
export type InferShape<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** What a schema allows, as a phrase: "an integer between 1 and 65535". */
const phrases = z.registry<{ allowed: string }>();

/** The phrase of what `schema` allows (looking through optional, default and pipe wrappers). */
export function allowedOf(schema: z.core.$ZodType): string {
  const own = phrases.get(schema)?.allowed;
  if (own !== undefined) return own;
  const def = schema._zod.def as { innerType?: z.core.$ZodType; out?: z.core.$ZodType };
  const inner = def.innerType ?? def.out;
  return inner ? allowedOf(inner) : "a valid value";
}

function phrased<S extends z.ZodType>(schema: S, allowed: string): S {
  phrases.add(schema, { allowed });
  return schema;
}

/** Shows a value in an error message: JSON, shortened when long. */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) return "nothing";
  // JSON would show these as null: YAML's .nan / .inf, or a number too large for a double.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested for JSON (String() would recurse as deep).
    text = Array.isArray(value) ? "[...]" : typeof value === "object" && value !== null ? "{...}" : String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Values that are objects but not mappings (YAML `!!binary` bytes) are handed to zod inside a
 * box it refuses as a mapping; messages show the original value.
 */
const boxed = new WeakMap<object, unknown>();
function box(value: unknown): unknown {
  const wrapper = [value];
  boxed.set(wrapper, value);
  return wrapper;
}
function unbox(value: unknown): unknown {
  return typeof value === "object" && value !== null && boxed.has(value) ? boxed.get(value) : value;
}

/** The error of a schema: `<value> is not <allowed>`, or `is required: <allowed>` for a missing key. */
function notAllowed(allowed: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${allowed}` : `${show(unbox(issue.input))} is not ${allowed}`);
}

/** The key may be left out; the parsed value is then `undefined`. */
export function optional<S extends z.ZodType>(schema: S) {
  return schema.optional();
}

/** The key may be left out; the parsed value is then `value`. */
export function withDefault<S extends z.ZodType>(schema: S, value: z.input<S> & z.output<S>) {
  return schema.default(() => structuredClone(value) as any);
}

/**
 * A mapping that may be left out as a whole: its keys' own defaults apply.
 * Use for sections whose every key is optional.
 */
export function section<S extends z.ZodType>(schema: S) {
  return schema.prefault({} as any);
}

/**
 * A further check on a parsed value. `check` returns undefined when the value is fine, or what is
 * allowed: the problem then reads `path: <value> is not <allowed>`.
 */
export function refine<S extends z.ZodType>(schema: S, check: (value: z.output<S>) => string | undefined): S;
export function refine<T>(schema: Schema<T>, check: (value: T) => string | undefined): Schema<T>;
export function refine(schema: z.ZodType, check: (value: unknown) => string | undefined): z.ZodType {
  return schema.check(
    z.superRefine((value, ctx) => {
      const allowed = check(value);
      if (allowed !== undefined) ctx.addIssue({ code: "custom", input: value, message: `${show(value)} is not ${allowed}` });
    }),
  );
}

export function integer(min: number, max: number) {
  const allowed = `an integer between ${min} and ${max}`;
  const error = notAllowed(allowed);
  return phrased(z.number({ error }).int({ error, abort: true }).min(min, { error, abort: true }).max(max, { error, abort: true }), allowed);
}

export function number(min: number, max: number) {
  const allowed = `a number between ${min} and ${max}`;
  const error = notAllowed(allowed);
  return phrased(z.number({ error }).min(min, { error, abort: true }).max(max, { error, abort: true }), allowed);
}

export function boolean() {
  return phrased(z.boolean({ error: notAllowed("true or false") }), "true or false");
}

export interface StringOptions {
  /** Regular expression the whole string must match. */
  readonly pattern?: RegExp;
  /** Phrase for the pattern: "a subnet id like subnet-0abc1234". */
  readonly describe?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export function string(options: StringOptions = {}) {
  const min = options.minLength ?? 1;
  const max = options.maxLength ?? 1024;
  const allowed = options.describe ?? `a string of ${min} to ${max} characters`;
  const error = notAllowed(allowed);
  const sized = z.string({ error }).min(min, { error, abort: true }).max(max, { error, abort: true });
  return phrased(options.pattern ? sized.regex(options.pattern, { error, abort: true }) : sized, allowed);
}

export function oneOf<const T extends string | number>(values: readonly T[]) {
  const allowed = `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
  return phrased(z.literal(values as readonly T[] as T[], { error: notAllowed(allowed) }), allowed);
}

export interface ListOptions<T> {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Items must be unique by this key (names, priorities). */
  readonly uniqueBy?: (item: T) => string | number | undefined;
  /** Name of the unique key, for the message; "" when the items themselves are unique (the path is the item's). */
  readonly uniqueKey?: string;
}

/** Parameters of a duplicate-item issue; `parse` words it with the list's path. */
interface Duplicate {
  readonly duplicateOf: number;
  readonly shown: string;
  readonly keyed: boolean;
  readonly each: string;
}

export function list<S extends z.ZodType>(item: S, options: ListOptions<z.output<S>> = {}) {
  const min = options.minItems ?? 0;
  const max = options.maxItems ?? 1000;
  const allowed = `a list of ${min} to ${max} items, each ${allowedOf(item)}`;
  let array = z
    .array(item, { error: notAllowed(allowed) })
    .min(min)
    .max(max);
  const uniqueBy = options.uniqueBy;
  if (uniqueBy) {
    const key = options.uniqueKey ?? "name";
    array = array.check(
      z.superRefine(
        (items, ctx) => {
          // Items with problems of their own are left out, as their parsed value is not known.
          const broken = new Set(ctx.issues.map((i) => i.path?.[0]));
          const seen = new Map<string | number, number>();
          items.forEach((parsed, index) => {
            if (broken.has(index)) return;
            const value = uniqueBy(parsed);
            if (value === undefined) return;
            const first = seen.get(value);
            if (first === undefined) {
              seen.set(value, index);
              return;
            }
            const params: Duplicate = { duplicateOf: first, shown: show(value), keyed: key !== "", each: key === "" ? "value" : key };
            ctx.addIssue({ code: "custom", path: key === "" ? [index] : [index, key], input: value, params, message: "duplicate" });
          });
        },
        { when: (payload) => Array.isArray(payload.value) },
      ),
    );
  }
  // The length is checked first; items of a list of the wrong length are not looked at.
  const counted = z.preprocess((value, ctx) => {
    if (Array.isArray(value) && (value.length < min || value.length > max)) {
      ctx.addIssue({ code: "custom", input: value, message: `has ${value.length} items; ${min} to ${max} are allowed` });
    }
    return value;
  }, array);
  return phrased(counted, allowed);
}

/** A map with free-form keys (environment variables, tags, docker labels). */
export function record<S extends z.ZodType>(value: S, keys: StringOptions = {}) {
  const keySchema = string({ maxLength: 256, ...keys });
  const allowed = `a map of ${keys.describe ?? "names"} to ${allowedOf(value)}`;
  const map = z
    .record(keySchema, value, { error: notAllowed(allowed) })
    // Keys in a stable order, whatever order the file lists them in.
    .overwrite((v) => Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as typeof v);
  // zod leaves an own `__proto__` key out of the result; it is reported instead.
  const guarded = z.preprocess((v, ctx) => {
    if (isPlainObject(v) && Object.hasOwn(v, "__proto__")) {
      ctx.addIssue({ code: "custom", input: "__proto__", params: { at: "key" }, message: `"__proto__" is not allowed as a name: it is reserved in JavaScript` });
    }
    return v;
  }, map);
  return phrased(guarded, allowed);
}

/** A mapping as YAML/JSON give it; not a list, nor a typed value like `!!binary` bytes. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  // By tag, not prototype: defaults made with structuredClone may come from another realm.
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.prototype.toString.call(v) === "[object Object]";
}

/** Closest known key, for "did you mean" hints on typos. */
function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

const ALLOWED_KEYS = "Allowed keys: ";

/**
 * An object with known keys. Unknown keys are errors (a typo must not be ignored silently),
 * with a hint naming the closest known key. A key written without a value (`key:` in YAML, null)
 * counts as left out.
 */
export function object<S extends z.ZodRawShape>(shape: S, describe = "a mapping") {
  const known = Object.keys(shape);
  const allowed = `${describe} with keys ${known.join(", ")}`;
  const notMapping = `${describe} (keys: ${known.join(", ")})`;
  const strict = z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key. ${ALLOWED_KEYS}${known.join(", ")}`
        : issue.input === undefined
          ? `is required: ${allowed}`
          : `${show(unbox(issue.input))} is not ${notMapping}`,
  });
  const mapping = z.preprocess((v) => {
    if (isPlainObject(v)) return withoutNulls(v, shape);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? box(v) : v;
  }, strict);
  return phrased(mapping, allowed);
}

/** A copy of `v` without the known keys whose value is null. */
function withoutNulls(v: Record<string, unknown>, shape: z.ZodRawShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (v[key] === null && Object.hasOwn(shape, key)) continue;
    // defineProperty: an own `__proto__` key stays a key (and is reported as unknown).
    Object.defineProperty(out, key, { value: v[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `a.b[0].c`; keys that are not plain words are shown quoted when `quoteLast`. */
function pathText(path: readonly PropertyKey[], quoteLast = false): string {
  let text = "";
  path.forEach((step, i) => {
    if (typeof step === "number") text += `[${step}]`;
    else {
      const key = quoteLast && i === path.length - 1 && !/^[\w$-]{1,60}$/.test(String(step)) ? show(String(step)) : String(step);
      text += text ? `.${key}` : key;
    }
  });
  return text;
}

/** The config problems of one zod issue (an unrecognized-keys issue names several keys). */
function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const known = issue.message.slice(issue.message.indexOf(ALLOWED_KEYS) + ALLOWED_KEYS.length).split(", ");
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      return {
        // A key can be anything YAML allows (even a stringified mapping): shown shortened.
        path: pathText([...path, key], true),
        message: `unknown key${hint ? `; did you mean "${hint}"?` : "."} ${ALLOWED_KEYS}${known.join(", ")}`,
      };
    });
  }
  if (issue.code === "invalid_key") {
    return [{ path: `${pathText(path.slice(0, -1))} key`, message: issue.issues[0]?.message ?? issue.message }];
  }
  if (issue.code === "custom" && issue.params?.at === "key") return [{ path: `${pathText(path)} key`, message: issue.message }];
  if (issue.code === "custom" && issue.params?.duplicateOf !== undefined) {
    const d = issue.params as Duplicate;
    const list = pathText(path.slice(0, d.keyed ? -2 : -1));
    return [{ path: pathText(path), message: `${d.shown} is already used by ${list}[${d.duplicateOf}]; each ${d.each} must be unique` }];
  }
  return [{ path: pathText(path), message: issue.message }];
}

/** Runs a schema over a whole document; returns the value or the list of problems. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): { value: z.output<S>; issues: [] } | { value?: undefined; issues: ConfigIssue[] } {
  const result = schema.safeParse(value === undefined ? box(undefined) : value);
  if (result.success) return { value: result.data, issues: [] };
  const issues = result.error.issues.flatMap(toConfigIssues).map((i) => (i.path ? i : { ...i, path: "(root)" }));
  return { issues: issues.length ? issues : [{ path: "(root)", message: "is not valid" }] };
}
