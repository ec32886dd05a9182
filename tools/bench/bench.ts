/**
 * `npm run bench -- [N ...] [--runs R] [--peer DIR] [--peer-best | --peer-best-only] [--cli]`
 *
 * First the synth command on the default config (medians of R runs): the app alone
 * (`node dist/app.js`), `npm run synth`'s command on an unchanged tree (`node tools/app.js`,
 * and `npm run synth` itself) and right after a source edit (when tools/app.js rebuilds its
 * bundle), and with `--cli` `cdktf synth` through the cdktf CLI.
 *
 * Then synth of N benchmark services (the AWS CDK peer's architecture, see bench-config.ts),
 * each run in a fresh `node run-one.js N` process. Prints one JSON line per N with the medians:
 * the child's own `{n, ms, rssMB, resources}` plus `wallMs` (whole process, from the parent) and
 * `peakRssMB` (from `/usr/bin/time -v` when present, else the child's own maxRSS). Without N it
 * measures 1, 100 and 300, and adds the cost per added service between the two largest counts.
 * `--peer DIR` also runs `DIR/aws-cdk-ecs-peer.js` (aws-cdk-lib installed in DIR) the same way;
 * `--peer-best` adds its best case, CDK_VALIDATION=false; `--peer-best-only` runs only that one.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BenchArgs, cpuMsFromTimeReport, maxRssFromTimeReport, median, parseBenchArgs, slope, slopeCounts } from "./stats";

const TIME = "/usr/bin/time";
const PEER_SCRIPT = "aws-cdk-ecs-peer.js";

type Tool = "cdktf" | "peer" | "peer-best";

interface Measurement {
  readonly n: number;
  readonly ms: number;
  readonly rssMB: number;
  readonly resources: number;
  readonly wallMs: number;
  readonly peakRssMB: number;
}

function runOnce(tool: Tool, n: number, peerDir: string | undefined): Measurement {
  const out = mkdtempSync(join(tmpdir(), "bench-out-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    let script = join(__dirname, "run-one.js");
    let cwd = process.cwd();
    if (tool !== "cdktf") {
      cwd = resolve(peerDir ?? ".");
      script = join(cwd, PEER_SCRIPT);
      env.OUT = out;
      // The peer's stack exceeds CloudFormation's default resource limit from 38 services.
      if (n >= 38) env.CDK_CONTEXT_JSON = JSON.stringify({ "@aws-cdk/core:stackResourceLimit": 0 });
      if (tool === "peer-best") env.CDK_VALIDATION = "false";
    }
    const withTime = existsSync(TIME);
    const command = withTime ? TIME : process.execPath;
    const args = withTime ? ["-v", process.execPath, script, String(n)] : [script, String(n)];
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - start;
    if (result.status !== 0) {
      throw new Error(`${tool} N=${n} failed (exit ${result.status}):\n${result.stderr.split("\n").slice(-20).join("\n")}`);
    }
    const lines = result.stdout.trim().split("\n");
    const child = JSON.parse(lines[lines.length - 1]) as Omit<Measurement, "wallMs" | "peakRssMB">;
    const kib = withTime ? maxRssFromTimeReport(result.stderr) : undefined;
    return { ...child, wallMs, peakRssMB: kib !== undefined ? (kib * 1024) / 1e6 : child.rssMB };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The project root, from dist/tools/bench/. */
const ROOT = resolve(__dirname, "..", "..", "..");

/**
 * One run of `args` (a command and its arguments) synthesizing the default config into a fresh
 * folder: its wall time and, under `/usr/bin/time`, its CPU time with its children (steadier
 * than wall time on a loaded machine).
 */
function timeCommand(args: string[], before?: () => void): { ms: number; cpuMs?: number } {
  const out = mkdtempSync(join(tmpdir(), "bench-synth-"));
  try {
    before?.();
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: join(out, "cdktf.out"), CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1" };
    delete env.ECS_CONFIG;
    const withTime = existsSync(TIME);
    const command = withTime ? [TIME, "-v", ...args] : args;
    const start = performance.now();
    const result = spawnSync(command[0], command.slice(1), { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
    return { ms, cpuMs: withTime ? cpuMsFromTimeReport(result.stderr) : undefined };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The synth command on the default config: app alone, unchanged tree, after an edit, and through the cdktf CLI. */
function synthCommand(runs: number, cli: boolean): Record<string, number> {
  const node = process.execPath;
  const app = join(ROOT, "tools", "app.js");
  const bundle = join(ROOT, "dist", "app.js");
  // Removing the record of the bundle's inputs makes the next run rebuild, as an edit does.
  const forget = () => rmSync(`${bundle}.inputs.json`, { force: true });
  // The CLI writes to the folder given by --output, not to CDKTF_OUTDIR.
  const cliOut = join(ROOT, "cdktf.bench.out");
  const removeCliOut = () => rmSync(cliOut, { recursive: true, force: true });
  timeCommand([node, app]);
  const kinds = ["app", "unchanged", "npmRun", "afterEdit", ...(cli ? ["cli"] : [])];
  const times: Record<string, { ms: number; cpuMs?: number }[]> = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    times.app.push(timeCommand([node, bundle]));
    times.unchanged.push(timeCommand([node, app]));
    times.npmRun.push(timeCommand(["npm", "run", "--silent", "synth"]));
    times.afterEdit.push(timeCommand([node, app], forget));
    if (cli) times.cli.push(timeCommand([node, join(ROOT, "node_modules", ".bin", "cdktf"), "synth", "--output", cliOut], removeCliOut));
  }
  if (cli) removeCliOut();
  const line: Record<string, number> = {};
  for (const kind of kinds) {
    line[`${kind}Ms`] = Math.round(median(times[kind].map((t) => t.ms)));
    const cpu = times[kind].map((t) => t.cpuMs).filter((c): c is number => c !== undefined);
    if (cpu.length === times[kind].length) line[`${kind}CpuMs`] = Math.round(median(cpu));
  }
  line.unchangedRatio = Number((line.unchangedMs / line.appMs).toFixed(2));
  line.npmRunRatio = Number((line.npmRunMs / line.appMs).toFixed(2));
  if (line.unchangedCpuMs !== undefined) line.unchangedCpuRatio = Number((line.unchangedCpuMs / line.appCpuMs).toFixed(2));
  if (line.npmRunCpuMs !== undefined) line.npmRunCpuRatio = Number((line.npmRunCpuMs / line.appCpuMs).toFixed(2));
  if (cli) line.cliStartupMs = line.cliMs - line.unchangedMs;
  if (cli && line.cliCpuMs !== undefined) line.cliStartupCpuMs = line.cliCpuMs - line.unchangedCpuMs;
  return line;
}

function medians(tool: Tool, runs: Measurement[]): Record<string, unknown> {
  const m = (key: keyof Measurement) => Math.round(median(runs.map((r) => r[key])));
  return { tool, n: runs[0].n, ms: m("ms"), rssMB: m("rssMB"), resources: runs[0].resources, wallMs: m("wallMs"), peakRssMB: m("peakRssMB"), runs: runs.length };
}

function main(args: BenchArgs): void {
  const tools: Tool[] = ["cdktf"];
  if (args.peerDir) {
    if (!existsSync(join(args.peerDir, PEER_SCRIPT))) throw new Error(`--peer ${args.peerDir}: no ${PEER_SCRIPT} there`);
    if (!args.peerBestOnly) tools.push("peer");
    if (args.peerBest) tools.push("peer-best");
  }
  process.stderr.write(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  process.stdout.write(`${JSON.stringify({ synthCommand: synthCommand(args.runs, args.cli) })}\n`);
  const results: Record<Tool, Map<number, Record<string, number>>> = { cdktf: new Map(), peer: new Map(), "peer-best": new Map() };
  for (const n of args.counts) {
    const runs: Record<Tool, Measurement[]> = { cdktf: [], peer: [], "peer-best": [] };
    // Interleaved, so a burst of load from elsewhere hits every tool alike.
    for (let i = 0; i < args.runs; i++) for (const tool of tools) runs[tool].push(runOnce(tool, n, args.peerDir));
    for (const tool of tools) {
      const line = medians(tool, runs[tool]);
      results[tool].set(n, line as Record<string, number>);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  const between = slopeCounts(args.counts);
  for (const tool of between ? tools : []) {
    const [from, to] = between!;
    const a = results[tool].get(from)!;
    const b = results[tool].get(to)!;
    const per = (key: string) => Number(slope({ n: from, value: a[key] }, { n: to, value: b[key] }).toFixed(2));
    process.stdout.write(`${JSON.stringify({ tool, perAddedService: { from, to, ms: per("ms"), wallMs: per("wallMs"), peakRssMB: per("peakRssMB") } })}\n`);
  }
  for (const peer of tools.filter((t) => t !== "cdktf")) {
    for (const n of args.counts) {
      const ours = results.cdktf.get(n)!;
      const theirs = results[peer].get(n)!;
      const ratio = (x: number, y: number) => Number((x / y).toFixed(2));
      process.stdout.write(
        `${JSON.stringify({ vs: peer, n, fasterMs: ratio(theirs.ms, ours.ms), fasterWall: ratio(theirs.wallMs, ours.wallMs), peakRssShare: ratio(ours.peakRssMB, theirs.peakRssMB) })}\n`,
      );
    }
  }
  process.stderr.write(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
}

try {
  main(parseBenchArgs(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
