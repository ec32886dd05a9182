/**
 * tools/app.js, the app command of `npm run synth` and `cdktf synth`: it runs main.ts from source
 * on a fresh clone (no build step), rebuilds after any source edit (never stale code), and a
 * source that does not parse ends with a message and no output written.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
let clone: string;
let work: string;

beforeAll(() => {
  // A copy of the sources inside the project (so node_modules resolve), with no dist/ of its own.
  clone = mkdtempSync(join(ROOT, "dist", ".app-test-"));
  for (const entry of ["main.ts", "tsconfig.json", "framework", "config", "modules", "stacks", "rules", "functions", "configs", "tools"]) {
    cpSync(join(ROOT, entry), join(clone, entry), { recursive: true });
  }
  work = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-app-"));
});

afterAll(() => {
  for (const dir of [clone, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function runApp() {
  const result = spawnSync(process.execPath, [join(clone, "tools", "app.js")], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, ECS_CONFIG: join(clone, "configs", "default.yaml"), CDKTF_OUTDIR: join(work, "cdktf.out") },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const summaryFile = () => join(clone, "stacks", "synth-summary.ts");
const manifest = () => readFileSync(join(work, "cdktf.out", "manifest.json"), "utf8");

test("on a tree never built it bundles main.ts, synthesizes and names the next command", () => {
  const result = runApp();
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^cdktf\.out\/stacks\/demo\/cdk\.tf\.json: \d+ resources; .*\nNext: cd cdktf\.out\/stacks\/demo /);
});

test("after a source file changes, the next run runs the changed code", () => {
  const source = readFileSync(summaryFile(), "utf8");
  expect(source).toContain("`Next: cd ");
  writeFileSync(summaryFile(), source.replace("`Next: cd ", "`Then: cd "));
  const result = runApp();
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/\nThen: cd cdktf\.out\/stacks\/demo /);
});

test("a source file that does not parse: exit code 1, esbuild's message with the file, nothing written", () => {
  const before = manifest();
  writeFileSync(summaryFile(), `${readFileSync(summaryFile(), "utf8")}\nexport const broken = ;\n`);
  const result = runApp();
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^Cannot build main\.ts:\n/);
  expect(result.stderr).toContain("stacks/synth-summary.ts");
  expect(result.stderr).toMatch(/Nothing was written/);
  expect(manifest()).toBe(before);
});
