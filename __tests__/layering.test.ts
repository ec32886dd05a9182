/**
 * Data flows one way: config → validated model → stacks → constructs → cdk.tf.json, with the
 * tools that read synth output beside the synth path (docs/contributing.md, "Project layout").
 * Each source folder may import only from the folders listed for it here; a relative import
 * that reaches anywhere else fails this test.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const ROOT = join(__dirname, "..");

/** What each top-level source folder may import from (besides itself and packages). */
const ALLOWED: Record<string, { from: string[]; why: string }> = {
  framework: { from: [], why: "the seam to cdktf: nothing of ours" },
  config: { from: ["modules"], why: "the schema and checks; the pure helpers of modules/ tell what the constructs will name and build" },
  modules: { from: ["framework", "functions"], why: "constructs: never the stacks, the config or the rule pack; functions/ are bundled as Lambda code" },
  functions: { from: [], why: "Lambda handlers, bundled on their own" },
  rules: { from: ["framework", "modules", "config"], why: "the rule pack reads synthesized resources; tag names and TLS policy facts come from where they are defined" },
  stacks: { from: ["framework", "config", "modules", "rules"], why: "map the validated config to constructs and run the rule pack" },
  tools: { from: ["framework", "config", "modules", "stacks", "rules", "functions"], why: "beside the synth path" },
  main: { from: ["config", "stacks", "framework", "rules"], why: "the entry point" },
};

const IMPORT = /(?:from\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(): string[] {
  return execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.length > 0 && !f.startsWith("__tests__/") && !f.startsWith("node_modules/") && !f.endsWith(".d.ts") && !f.startsWith("examples/"));
}

const topOf = (file: string) => (file.includes("/") ? file.split("/")[0] : file.replace(/\.ts$/, ""));

/** `<file> -> <imported top-level folder>` for every import that crosses a line not allowed above. */
function crossings(files: readonly string[], read: (file: string) => string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const top = topOf(file);
    const allowed = ALLOWED[top];
    if (!allowed) {
      out.push(`${file}: top-level source folder with no entry in ALLOWED`);
      continue;
    }
    for (const [, spec] of read(file).matchAll(IMPORT)) {
      const target = topOf(
        normalize(join(dirname(file), spec))
          .split("\\")
          .join("/"),
      );
      if (target !== top && !allowed.from.includes(target)) out.push(`${file} -> ${target}/ (${spec})`);
    }
  }
  return out;
}

test("every source file imports only from the folders its layer may use", () => {
  const files = sourceFiles();
  expect(files.length).toBeGreaterThan(50);
  expect(crossings(files, (f) => readFileSync(join(ROOT, f), "utf8"))).toEqual([]);
});

test("a construct importing the rule pack, or a handler importing a construct, is caught", () => {
  const fake: Record<string, string> = {
    "modules/x.ts": 'import { SECURITY_GROUP_ROLE_TAG } from "../rules/types";',
    "functions/a/index.ts": 'import { fitPrefix } from "../../modules/names";',
    "config/y.ts": 'import { App } from "../framework/cdktf";',
  };
  expect(crossings(Object.keys(fake), (f) => fake[f])).toEqual([
    "modules/x.ts -> rules/ (../rules/types)",
    "functions/a/index.ts -> modules/ (../../modules/names)",
    "config/y.ts -> framework/ (../framework/cdktf)",
  ]);
});
