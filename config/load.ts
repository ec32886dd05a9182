/**
 * Reads a config (YAML or JSON), validates it and returns the typed model with defaults
 * resolved. Every problem is reported, one per line, as `path: value is not what is allowed`,
 * with the file and line that set the value.
 *
 * A config may be several files merged in order (config/layers.ts): `extends:` inside a file, or
 * a comma-separated list (`base.yaml,prod.yaml`). The merged result goes through the same schema
 * and checks as a single file.
 */
import { resolve } from "node:path";
import { checkConfig } from "./checks";
import { qualifiedName } from "./checks/environment";
import { ConfigError, LocatedIssue } from "./config-error";
import { Layer, LayerReader, Merged, mergeLayers, parseLayer, shownPath } from "./layers";
import { ConfigIssue, parse } from "./schema-dsl";
import { EcsConfig, configSchema } from "./schema";

export { ConfigError, LocatedIssue } from "./config-error";

/** The bundled default config, relative to the project root. */
export const DEFAULT_CONFIG = "configs/default.yaml";
/** Environment variable that selects another config file. */
export const CONFIG_ENV = "ECS_CONFIG";

/** Parses config text; `file` names it in messages (and is what `extends` paths are relative to). */
export function parseConfig(text: string | Buffer, file = "config"): EcsConfig {
  const layer = parseLayer(text, file, resolve(file));
  return validate(file, mergeLayers(file, new LayerReader().expand([layer])));
}

/**
 * Reads and validates a config file, or several merged in order when `file` lists them with
 * commas (`configs/envs/base.yaml,configs/envs/prod.yaml`). A path that is missing, a folder or
 * unreadable is a ConfigError that says so.
 */
export function loadConfig(file: string): EcsConfig {
  const reader = new LayerReader();
  const parts = file.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) {
    throw new ConfigError(file, [{ path: "(file)", message: "has an empty entry in its comma-separated list; name each file once, like base.yaml,prod.yaml" }]);
  }
  const roots: Layer[] = parts.map((part) => reader.read(resolve(part)));
  const label = parts.length === 1 ? roots[0].file : parts.map((p) => shownPath(resolve(p))).join(",");
  return validate(label, mergeLayers(label, reader.expand(roots)));
}

/** The merged document through the schema and the checks; problems located in the files. */
function validate(label: string, merged: Merged): EcsConfig {
  const locate = (issues: ConfigIssue[]): LocatedIssue[] => issues.map((i) => ({ ...i, ...merged.locate(i.path) }));
  const result = parse(configSchema, merged.raw);
  if (result.value === undefined) throw new ConfigError(label, locate(result.issues));
  const issues = checkConfig(result.value);
  if (issues.length > 0) throw new ConfigError(label, locate(issues));
  // With `environment`, the stacks, state keys and AWS names all use `<name>-<environment>`.
  const config = result.value;
  return config.environment === undefined ? config : { ...config, name: qualifiedName(config.name, config.environment) };
}
