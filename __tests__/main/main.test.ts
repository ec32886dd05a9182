/**
 * The bundled entry point, run as `cdktf synth` runs it: `node main.js` with ECS_CONFIG and
 * CDKTF_OUTDIR. A successful synth names each stack written and the next command on stdout.
 * Bad configs end with exit code 1, a clear message and no stack trace, and leave cdktf.out byte
 * for byte as it was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Bundles `entry` with tools/app.js, in a child process (esbuild's service stays out of the test worker). */
function bundle(entry: string, outfile: string): void {
  const code = `require(${JSON.stringify(join(ROOT, "tools", "app.js"))}).bundle(...process.argv.slice(1))`;
  const result = spawnSync(process.execPath, ["-e", code, entry, outfile], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bundling ${entry} failed:\n${result.stderr}`);
}

const DEFAULT_YAML = readFileSync(join(ROOT, "configs", "default.yaml"), "utf8");
let build: string;
let work: string;
let outdir: string;

beforeAll(() => {
  // A private build inside the project (so node_modules resolve), apart from the shared dist/,
  // bundled the way `npm run synth` and `cdktf synth` build the app (tools/app.js).
  // dist/ need not exist yet: on a fresh clone nothing has built it.
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  build = mkdtempSync(join(ROOT, "dist", ".cli-test-"));
  bundle(join(ROOT, "main.ts"), join(build, "main.js"));
  mkdirSync(join(build, "stacks"));
  bundle(join(ROOT, "stacks", "safe-synth.ts"), join(build, "stacks", "safe-synth.js"));
  work = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-cli-"));
  outdir = join(work, "cdktf.out");
});

afterAll(() => {
  for (const dir of [build, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function synth(configText: string, name = "config.yaml") {
  const file = join(work, name);
  writeFileSync(file, configText);
  const result = spawnSync(process.execPath, [join(build, "main.js")], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, ECS_CONFIG: file, CDKTF_OUTDIR: outdir },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir` with its bytes, by relative path. */
function snapshot(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

const replaceOnce = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`configs/default.yaml no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

describe("node main.js", () => {
  test("a successful synth writes cdktf.out/stacks/<name>/cdk.tf.json and exits 0", () => {
    const result = synth(DEFAULT_YAML);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const name = /^name: (\S+)$/m.exec(DEFAULT_YAML)![1];
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toContain("aws_ecs_service");
    const resources = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(result.stdout).toBe(
      `cdktf.out/stacks/${name}/cdk.tf.json: ${resources} resources; security rules: 0 errors, 0 warnings\n` +
        `Next: cd cdktf.out/stacks/${name} && terraform init && terraform plan\n`,
    );
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(readdirSync(work).filter((e) => e.includes(".staging-"))).toEqual([]);
  });

  test.each([
    [
      "a misspelt key",
      replaceOnce(DEFAULT_YAML, "  instanceType:", "  instanceTyp:"),
      /capacity\.instanceTyp: unknown key; did you mean "instanceType"\? Allowed keys: .*instanceType/,
    ],
    ["a value of the wrong type", replaceOnce(DEFAULT_YAML, "  minSize: 1", "  minSize: one"), /capacity\.minSize: "one" is not an integer between 0 and 1000/],
    ["an out-of-range number", replaceOnce(DEFAULT_YAML, "    sizeGiB: 50", "    sizeGiB: 99999"), /capacity\.dockerVolume\.sizeGiB: 99999 is not an integer between 8 and 16384/],
    ["a file that is not YAML", "name: [unclosed\n", /\(line \d+\): is not valid YAML or JSON: /],
  ])("%s: exit code 1, the path, value and what is allowed on stderr, no stack trace, cdktf.out unchanged", (_what, text, message) => {
    if (!existsSync(join(outdir, "manifest.json"))) expect(synth(DEFAULT_YAML).status).toBe(0);
    const before = snapshot(outdir);
    const result = synth(text, "bad.yaml");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^Config error in .*bad\.yaml: 1 problem\n/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/Warning:/);
    expect(snapshot(outdir)).toEqual(before);
  });

  test("a config file that does not exist: exit code 1 and the reason, no stack trace", () => {
    const result = spawnSync(process.execPath, [join(build, "main.js")], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, ECS_CONFIG: join(work, "missing.yaml"), CDKTF_OUTDIR: outdir },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing\.yaml: 1 problem\n {2}- \(file\): does not exist \(looked for .*missing\.yaml\); check the spelling/);
    expect(result.stderr).not.toMatch(/ENOENT/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("node main.js with a folder of environments", () => {
  const run = (config: string) =>
    spawnSync(process.execPath, [join(build, "main.js")], { cwd: work, encoding: "utf8", env: { ...process.env, ECS_CONFIG: config, CDKTF_OUTDIR: outdir }, timeout: 120_000 });

  test("every environment gets its own stack folder; when one fails, nothing is written and each problem names its file and line", () => {
    const envs = join(work, "envs");
    mkdirSync(envs, { recursive: true });
    writeFileSync(join(envs, "base.yaml"), DEFAULT_YAML);
    writeFileSync(join(envs, "dev.yaml"), "extends: base.yaml\nenvironment: dev\n");
    writeFileSync(join(envs, "prod.yaml"), "extends: base.yaml\nenvironment: prod\ncapacity:\n  maxSize: 6\n");
    const ok = run(envs);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const name = /^name: (\S+)$/m.exec(DEFAULT_YAML)![1];
    expect(readdirSync(join(outdir, "stacks"))).toEqual(expect.arrayContaining([`${name}-dev`, `${name}-prod`]));
    expect(readdirSync(join(outdir, "stacks"))).not.toContain("base");
    const prod = JSON.parse(readFileSync(join(outdir, "stacks", `${name}-prod`, "cdk.tf.json"), "utf8"));
    expect(Object.values<any>(prod.resource.aws_autoscaling_group)[0].max_size).toBe(6);

    const before = snapshot(outdir);
    writeFileSync(join(envs, "prod.yaml"), "extends: base.yaml\nenvironment: prod\ncapacity:\n  maxSize: many\n");
    const failed = run(envs);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/Config error in .*prod\.yaml: 1 problem\n {2}- capacity\.maxSize: "many" is not an integer between \d+ and \d+ \(line 4\)\nNothing was written/);
    expect(snapshot(outdir)).toEqual(before);
  });
});

describe("signals during the swap", () => {
  const script = (deferred: boolean) => `
    const { writeFileSync } = require("fs");
    const { deferSignals } = require(${JSON.stringify(join(build, "stacks", "safe-synth.js"))});
    const work = () => { process.kill(process.pid, "SIGTERM"); writeFileSync(process.argv[1], "finished"); };
    ${deferred ? "deferSignals(work);" : "work();"}`;

  test.each([
    [true, "finishes the work, then ends by the signal"],
    [false, "(without deferSignals) ends before the work is done"],
  ])("SIGTERM inside deferSignals=%s %s", (deferred) => {
    const marker = join(work, `marker-${deferred}`);
    const result = spawnSync(process.execPath, ["-e", script(deferred), marker], { encoding: "utf8" });
    expect(result.signal).toBe("SIGTERM");
    expect(existsSync(marker)).toBe(deferred);
  });
});
