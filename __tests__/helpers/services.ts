/** Small builders for the services tests: one service (or several) in the minimal config. */
import { configFrom, minimalYaml, resources, synthJson } from "./synth";

/** YAML of a `services:` list with one service named web; `body` is indented under it. */
export function serviceYaml(body: string, extra = ""): string {
  const indented = body
    .trim()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
  return minimalYaml(`${extra}\nservices:\n  - name: web\n${indented}\n`);
}

/** Synthesized JSON of a config given as YAML. */
export function synth(yaml: string): any {
  return synthJson(configFrom(yaml));
}

/** The only resource of a type (fails when there is not exactly one). */
export function only(json: any, type: string): any {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The container definitions of the only task definition, parsed. */
export function containerDefinitions(json: any): any[] {
  return JSON.parse(only(json, "aws_ecs_task_definition").container_definitions);
}

/** Config problems as `path: message` lines ([] when the config is valid). */
export function problems(yaml: string): string[] {
  try {
    configFrom(yaml);
    return [];
  } catch (e) {
    const issues = (e as { issues?: { path: string; message: string }[] }).issues;
    if (!issues) throw e;
    return issues.map((i) => `${i.path}: ${i.message}`);
  }
}

/** Policy documents of inline role policies whose resource name contains `part`. */
export function inlinePolicies(json: any, part: string): any[] {
  return Object.entries<any>(resources(json, "aws_iam_role_policy"))
    .filter(([name]) => name.includes(part))
    .map(([, p]) => JSON.parse(p.policy));
}
