/**
 * `npm run check:cdktn`: proves that moving from CDKTF (archived) to its maintained fork cdktn is a
 * package switch. It copies the project into a temporary folder, switches the two framework seam
 * files (framework/cdktf.ts, framework/provider-aws.ts, framework/testing.ts) and package.json to cdktn, installs, type-checks,
 * synthesizes every bundled config in both trees and compares the resources. Allowed to differ: the
 * aws provider's `required_providers` entry and cdktf's metadata version; nothing else.
 *
 * Options: --keep (leave the temporary copy), --cdktn VERSION, --provider VERSION, --constructs VERSION.
 * Needs the npm registry. Exit code 0 when every config matches, 1 otherwise.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { bundledConfigFiles } from "../bundled-configs";
import { compareSynthOutputs, switchPackageJson, switchSeamSource } from "./switch";

const ROOT = join(__dirname, "..", "..", "..");

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
}

/** The project's files as git sees them (tracked and untracked-but-not-ignored). */
function projectFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\0").filter((f) => f.length > 0);
}

/** Synthesizes each bundled config with the tree's own synth command into out/<config>. */
function synthAll(tree: string, configs: string[], out: string): void {
  for (const config of configs) {
    const dir = join(out, config.replace(/[\\/]/g, "__"));
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["run", "--silent", "synth"], {
      cwd: tree,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ECS_CONFIG: join(tree, config), CDKTF_OUTDIR: dir },
    });
  }
}

function main(): number {
  const { values } = parseArgs({
    options: {
      keep: { type: "boolean", default: false },
      cdktn: { type: "string", default: "0.24.0" },
      provider: { type: "string", default: "25.7.0" },
      constructs: { type: "string", default: "10.7.2" },
    },
  });
  const work = mkdtempSync(join(tmpdir(), "cdktn-check-"));
  const copy = join(work, "project");
  try {
    for (const file of projectFiles()) {
      const target = join(copy, file);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(ROOT, file), target);
    }
    for (const seam of ["framework/cdktf.ts", "framework/provider-aws.ts", "framework/testing.ts"]) {
      const path = join(copy, seam);
      writeFileSync(path, switchSeamSource(readFileSync(path, "utf8")));
    }
    const pkgPath = join(copy, "package.json");
    const pkg = switchPackageJson(JSON.parse(readFileSync(pkgPath, "utf8")), {
      cdktn: values.cdktn!,
      provider: values.provider!,
      constructs: values.constructs!,
    });
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
    process.stdout.write(`Installing cdktn ${values.cdktn}, @cdktn/provider-aws ${values.provider} in ${relative(process.cwd(), copy) || copy}\n`);
    // One more try when the registry fails once (a dropped connection is not a finding).
    try {
      run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], copy);
    } catch {
      process.stdout.write("npm install failed; trying once more\n");
      run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], copy);
    }
    process.stdout.write("Type-checking the project against cdktn\n");
    run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"], copy);

    const configs = bundledConfigFiles(ROOT);
    const outCdktf = join(work, "out-cdktf");
    const outCdktn = join(work, "out-cdktn");
    process.stdout.write(`Synthesizing ${configs.length} bundled configs with cdktf and with cdktn\n`);
    synthAll(ROOT, configs, outCdktf);
    synthAll(copy, configs, outCdktn);

    const differences = compareSynthOutputs(outCdktf, outCdktn);
    if (differences.length === 0) {
      process.stdout.write(`cdktn check: all ${configs.length} bundled configs synthesize to the same resources on cdktn\n`);
      return 0;
    }
    process.stdout.write(`cdktn check: ${differences.length} difference(s):\n${differences.map((d) => `  - ${d}`).join("\n")}\n`);
    return 1;
  } finally {
    if (values.keep) process.stdout.write(`Kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
