/**
 * A very small schema language for the config file.
 *
 * Each schema checks one value and returns the typed value, or records a problem naming the
 * path, the value it saw and what is allowed. Parsing never stops at the first problem: every
 * problem in the file is reported, one line each.
 */

/** One problem in the config: where, and what is wrong there. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

const INVALID = Symbol("invalid");
type Result<T> = T | typeof INVALID;

export interface Schema<T> {
  /** What is allowed, as a phrase: "an integer between 1 and 65535". */
  readonly allowed: string;
  /** Whether the key may be left out of its object. */
  readonly isOptional: boolean;
  /** Value used when the key is left out (only when set). */
  readonly defaultValue?: () => T;
  check(value: unknown, path: string, issues: ConfigIssue[]): Result<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

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

function fail(issues: ConfigIssue[], path: string, value: unknown, allowed: string): typeof INVALID {
  issues.push({ path, message: `${show(value)} is not ${allowed}` });
  return INVALID;
}

function make<T>(allowed: string, check: (v: unknown, path: string, issues: ConfigIssue[]) => Result<T>): Schema<T> {
  return { allowed, isOptional: false, check };
}

/** The key may be left out; the parsed value is then `undefined`. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return { ...schema, isOptional: true } as Schema<T | undefined>;
}

/** The key may be left out; the parsed value is then `value`. */
export function withDefault<T>(schema: Schema<T>, value: T): Schema<T> {
  return { ...schema, isOptional: true, defaultValue: () => structuredClone(value) };
}

/**
 * A mapping that may be left out as a whole: its keys' own defaults apply.
 * Use for sections whose every key is optional.
 */
export function section<T>(schema: Schema<T>): Schema<T> {
  return { ...schema, isOptional: true, defaultValue: () => ({}) as T };
}

/**
 * A schema with one more rule on its parsed value: `check` returns the "allowed" phrase when the
 * value breaks the rule (reported as `path: <value> is not <allowed>`), or undefined when it is fine.
 * The rules themselves are pure functions in config/validate/.
 */
export function refine<T>(schema: Schema<T>, check: (value: T) => string | undefined): Schema<T> {
  return {
    ...schema,
    check(value, path, issues) {
      const parsed = schema.check(value, path, issues);
      if (parsed === INVALID) return INVALID;
      const allowed = check(parsed);
      return allowed === undefined ? parsed : fail(issues, path, value, allowed);
    },
  };
}

export function integer(min: number, max: number): Schema<number> {
  const allowed = `an integer between ${min} and ${max}`;
  return make(allowed, (v, path, issues) =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : fail(issues, path, v, allowed),
  );
}

export function number(min: number, max: number): Schema<number> {
  const allowed = `a number between ${min} and ${max}`;
  return make(allowed, (v, path, issues) =>
    typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? v : fail(issues, path, v, allowed),
  );
}

export function boolean(): Schema<boolean> {
  return make("true or false", (v, path, issues) => (typeof v === "boolean" ? v : fail(issues, path, v, "true or false")));
}

export interface StringOptions {
  /** Regular expression the whole string must match. */
  readonly pattern?: RegExp;
  /** Phrase for the pattern: "a subnet id like subnet-0abc1234". */
  readonly describe?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export function string(options: StringOptions = {}): Schema<string> {
  const min = options.minLength ?? 1;
  const max = options.maxLength ?? 1024;
  const allowed = options.describe ?? `a string of ${min} to ${max} characters`;
  return make(allowed, (v, path, issues) => {
    if (typeof v !== "string" || v.length < min || v.length > max) return fail(issues, path, v, allowed);
    if (options.pattern && !options.pattern.test(v)) return fail(issues, path, v, allowed);
    return v;
  });
}

export function oneOf<const T extends string | number>(values: readonly T[]): Schema<T> {
  const allowed = `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
  return make(allowed, (v, path, issues) => (values.includes(v as T) ? (v as T) : fail(issues, path, v, allowed)));
}

export interface ListOptions<T> {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Items must be unique by this key (names, priorities). */
  readonly uniqueBy?: (item: T) => string | number | undefined;
  /** Name of the unique key, for the message; "" when the items themselves are unique (the path is the item's). */
  readonly uniqueKey?: string;
}

export function list<T>(item: Schema<T>, options: ListOptions<T> = {}): Schema<T[]> {
  const min = options.minItems ?? 0;
  const max = options.maxItems ?? 1000;
  const allowed = `a list of ${min} to ${max} items, each ${item.allowed}`;
  return make(allowed, (v, path, issues) => {
    if (!Array.isArray(v)) return fail(issues, path, v, allowed);
    if (v.length < min || v.length > max) {
      issues.push({ path, message: `has ${v.length} items; ${min} to ${max} are allowed` });
      return INVALID;
    }
    let ok = true;
    const out: T[] = [];
    const seen = new Map<string | number, number>();
    v.forEach((element, index) => {
      const itemPath = `${path}[${index}]`;
      const parsed = item.check(element, itemPath, issues);
      if (parsed === INVALID) {
        ok = false;
        return;
      }
      const key = options.uniqueBy?.(parsed);
      if (key !== undefined) {
        const first = seen.get(key);
        if (first !== undefined) {
          issues.push({
            path: options.uniqueKey === "" ? itemPath : `${itemPath}.${options.uniqueKey ?? "name"}`,
            message: `${show(key)} is already used by ${path}[${first}]; each ${options.uniqueKey === "" ? "value" : (options.uniqueKey ?? "name")} must be unique`,
          });
          ok = false;
        } else {
          seen.set(key, index);
        }
      }
      out.push(parsed);
    });
    return ok ? out : INVALID;
  });
}

/** A map with free-form keys (environment variables, tags, docker labels). */
export function record<T>(value: Schema<T>, keys: StringOptions = {}): Schema<Record<string, T>> {
  const keySchema = string({ maxLength: 256, ...keys });
  const allowed = `a map of ${keys.describe ?? "names"} to ${value.allowed}`;
  return make(allowed, (v, path, issues) => {
    if (!isPlainObject(v)) return fail(issues, path, v, allowed);
    let ok = true;
    const out: Record<string, T> = {};
    for (const key of Object.keys(v).sort()) {
      if (keySchema.check(key, `${path} key`, issues) === INVALID) {
        ok = false;
        continue;
      }
      // Assigning out["__proto__"] would change the map's prototype, not add the key.
      if (key === "__proto__") {
        issues.push({ path: `${path} key`, message: `"__proto__" is not allowed as a name: it is reserved in JavaScript` });
        ok = false;
        continue;
      }
      const parsed = value.check(v[key], `${path}.${key}`, issues);
      if (parsed === INVALID) ok = false;
      else out[key] = parsed;
    }
    return ok ? out : INVALID;
  });
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type InferShape<S extends Shape> = { readonly [K in RequiredKeys<S>]: Infer<S[K]> } & {
  readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
};

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

/**
 * An object with known keys. Unknown keys are errors (a typo must not be ignored silently),
 * with a hint naming the closest known key.
 */
export function object<S extends Shape>(shape: S, describe = "a mapping"): Schema<InferShape<S>> {
  const known = Object.keys(shape);
  const allowed = `${describe} with keys ${known.join(", ")}`;
  return make(allowed, (v, path, issues) => {
    if (!isPlainObject(v)) return fail(issues, path, v, `${describe} (keys: ${known.join(", ")})`);
    let ok = true;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) {
        const hint = closest(key, known);
        issues.push({
          // A key can be anything YAML allows (even a stringified mapping): shown shortened.
          path: join(path, /^[\w$-]{1,60}$/.test(key) ? key : show(key)),
          message: `unknown key${hint ? `; did you mean "${hint}"?` : "."} Allowed keys: ${known.join(", ")}`,
        });
        ok = false;
      }
    }
    for (const key of known) {
      const schema = shape[key];
      const raw = v[key];
      if (raw === undefined || raw === null) {
        // Defaults go through the schema too, so a section's own defaults are filled in.
        if (schema.defaultValue) out[key] = schema.check(schema.defaultValue(), join(path, key), issues);
        else if (!schema.isOptional) {
          issues.push({ path: join(path, key), message: `is required: ${schema.allowed}` });
          ok = false;
        }
        continue;
      }
      const parsed = schema.check(raw, join(path, key), issues);
      if (parsed === INVALID) ok = false;
      else out[key] = parsed;
    }
    return ok ? (out as InferShape<S>) : INVALID;
  });
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Runs a schema over a whole document; returns the value or the list of problems. */
export function parse<T>(schema: Schema<T>, value: unknown): { value: T; issues: [] } | { value?: undefined; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const result = schema.check(value, "", issues);
  if (result === INVALID || issues.length > 0) {
    const named = issues.map((i) => (i.path ? i : { ...i, path: "(root)" }));
    return { issues: named.length ? named : [{ path: "(root)", message: "is not valid" }] };
  }
  return { value: result, issues: [] };
}
