/**
 * `npm run docs`: writes what is generated from the schema and the rule pack:
 * schema/ecs-config.schema.json, and the generated parts of docs/configuration.md and
 * docs/security-rules.md. With `--check`, writes nothing and fails when a file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigReference, renderJsonSchema, renderRuleReference, withGenerated } from "./reference";
import { projectRoot } from "./schema-tree";

const ROOT = projectRoot();

/** Each generated file, relative to the project root, with its expected content. */
export function generatedFiles(root = ROOT): { file: string; content: string }[] {
  const page = (file: string, generated: string) => ({ file, content: withGenerated(readFileSync(join(root, file), "utf8"), generated, file) });
  return [{ file: JSON_SCHEMA_FILE, content: renderJsonSchema() }, page("docs/configuration.md", renderConfigReference()), page("docs/security-rules.md", renderRuleReference())];
}

/** The JSON Schema, relative to the project root; configs name it in their first line. */
export const JSON_SCHEMA_FILE = "schema/ecs-config.schema.json";

function current(file: string): string | undefined {
  try {
    return readFileSync(join(ROOT, file), "utf8");
  } catch {
    return undefined;
  }
}

function main(): number {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { file, content } of generatedFiles()) {
    if (current(file) === content) continue;
    if (check) {
      process.stderr.write(`${file} is stale: run npm run docs\n`);
      stale++;
    } else {
      writeFileSync(join(ROOT, file), content);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
