/**
 * Several environments in one synth. ECS_CONFIG (or the cdktf context key `config`) may name:
 * - one config: a file, or files merged in order separated by commas (`base.yaml,prod.yaml`);
 * - several configs separated by the path list delimiter (`:`; `;` on Windows), each as above;
 * - a folder: every YAML or JSON file in it that no other file in the folder extends is an
 *   environment (so `base.yaml`, which `dev.yaml` and `prod.yaml` extend, is not one).
 */
import { readdirSync, statSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { ConfigError } from "./config-error";
import { LayerReader, shownPath } from "./layers";
import { loadConfig } from "./load";
import { EcsConfig } from "./schema";

/** One environment: where it comes from and its validated model. */
export interface Environment {
  /** Its file, or its comma-separated files, as shown in messages. */
  readonly label: string;
  readonly config: EcsConfig;
}

/** Every environment that failed, each with its own problems. */
export class EnvironmentsError extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "EnvironmentsError";
  }
}

const CONFIG_FILE = /\.(ya?ml|json)$/;

/** The environments `spec` names, each as what loadConfig takes (a file, or files joined by commas). */
export function environmentSpecs(spec: string): string[] {
  const parts = spec
    .split(delimiter)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new ConfigError(spec, [{ path: "(file)", message: "names no config; give a config file, files joined by commas, or a folder of environments" }]);
  return parts.flatMap((part) => (!part.includes(",") && isFolder(part) ? environmentsInFolder(part) : [part]));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The files of `folder` that no other file in it extends, sorted by name. */
export function environmentsInFolder(folder: string): string[] {
  const files = readdirSync(folder)
    .filter((f) => CONFIG_FILE.test(f))
    .sort()
    .map((f) => join(folder, f))
    .filter((f) => !isFolder(f));
  if (files.length === 0) {
    throw new ConfigError(shownPath(resolve(folder)), [
      { path: "(file)", message: "is a folder without .yaml, .yml or .json files; put one config file per environment in it, or name a config file" },
    ]);
  }
  const reader = new LayerReader();
  const extended = new Set<string>();
  for (const file of files) {
    try {
      const layer = reader.read(resolve(file));
      for (const entry of layer.extendsFiles) extended.add(resolve(folder, entry.name));
    } catch {
      // A file that cannot be read is reported when it is loaded as an environment.
    }
  }
  const environments = files.filter((f) => !extended.has(resolve(f)));
  if (environments.length === 0) {
    throw new ConfigError(shownPath(resolve(folder)), [
      { path: "extends", message: "every file in the folder is extended by another one, so none is an environment: a cycle of extends; remove one of them" },
    ]);
  }
  return environments;
}

/**
 * Loads every environment `spec` names. Throws EnvironmentsError listing every environment
 * that has problems (all are loaded, so one run reports them all).
 */
export function loadEnvironments(spec: string): Environment[] {
  let specs: string[];
  try {
    specs = environmentSpecs(spec);
  } catch (e) {
    if (e instanceof ConfigError) throw new EnvironmentsError([e]);
    throw e;
  }
  const environments: Environment[] = [];
  const errors: ConfigError[] = [];
  for (const one of specs) {
    try {
      environments.push({
        label: one
          .split(",")
          .map((p) => shownPath(resolve(p.trim())))
          .join(","),
        config: loadConfig(one),
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length > 0) throw new EnvironmentsError(errors);
  return environments;
}
