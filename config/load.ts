/**
 * Reads a config file (YAML or JSON), validates it and returns the typed model with defaults
 * resolved. Every problem is reported, one per line, as `path: value is not what is allowed`.
 */
import { readFileSync } from "fs";
import { parseDocument } from "yaml";
import { checkConfig } from "./checks";
import { ConfigIssue, parse } from "./schema-dsl";
import { EcsConfig, configSchema } from "./schema";

/** The bundled default config, relative to the project root. */
export const DEFAULT_CONFIG = "configs/default.yaml";
/** Environment variable that selects another config file. */
export const CONFIG_ENV = "ECS_CONFIG";
const MAX_BYTES = 1024 * 1024;

/** A config that cannot be used, with every problem found in it. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses config text; `file` names it in messages. */
export function parseConfig(text: string | Buffer, file = "config"): EcsConfig {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  if (bytes.length > MAX_BYTES) throw new ConfigError(file, [{ path: "(file)", message: `is ${bytes.length} bytes; at most ${MAX_BYTES} are allowed` }]);
  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(file, [{ path: "(file)", message: "is not valid UTF-8 text; save it as UTF-8" }]);
  }
  // Anchors and aliases are limited, so a "billion laughs" document cannot exhaust memory.
  // logLevel "error": problems are reported below, not as process warnings on stderr.
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true, strict: true, logLevel: "error" });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.slice(0, 10).map((e) => ({
        path: `(line ${e.linePos?.[0]?.line ?? "?"})`,
        message: `is not valid YAML or JSON: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(file, [{ path: "(file)", message: `cannot be read: ${(e as Error).message.split("\n")[0]}` }]);
  }
  const result = parse(configSchema, raw);
  if (result.value === undefined) throw new ConfigError(file, result.issues);
  const issues = checkConfig(result.value);
  if (issues.length > 0) throw new ConfigError(file, issues);
  return result.value;
}

/** Reads and validates a config file. */
export function loadConfig(file: string): EcsConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ConfigError(file, [{ path: "(file)", message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseConfig(bytes, file);
}
