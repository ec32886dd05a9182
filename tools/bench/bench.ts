/**
 * `npm run bench -- [N ...] [--runs R] [--peer DIR] [--peer-best]`
 *
 * Measures synth of N benchmark services (the AWS CDK peer's architecture, see bench-config.ts),
 * each run in a fresh `node run-one.js N` process. Prints one JSON line per N with the medians:
 * the child's own `{n, ms, rssMB, resources}` plus `wallMs` (whole process, from the parent) and
 * `peakRssMB` (from `/usr/bin/time -v` when present, else the child's own maxRSS). Without N it
 * measures 1, 10, 100 and 200 and adds the cost per added service between 100 and 200.
 * `--peer DIR` also runs `DIR/aws-cdk-ecs-peer.js` (aws-cdk-lib installed in DIR) the same way;
 * `--peer-best` adds its best case, CDK_VALIDATION=false.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { loadavg, tmpdir } from "os";
import { join, resolve } from "path";
import { BenchArgs, maxRssFromTimeReport, median, parseBenchArgs, slope } from "./stats";

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

function medians(tool: Tool, runs: Measurement[]): Record<string, unknown> {
  const m = (key: keyof Measurement) => Math.round(median(runs.map((r) => r[key])));
  return { tool, n: runs[0].n, ms: m("ms"), rssMB: m("rssMB"), resources: runs[0].resources, wallMs: m("wallMs"), peakRssMB: m("peakRssMB"), runs: runs.length };
}

function main(args: BenchArgs): void {
  const tools: Tool[] = ["cdktf"];
  if (args.peerDir) {
    if (!existsSync(join(args.peerDir, PEER_SCRIPT))) throw new Error(`--peer ${args.peerDir}: no ${PEER_SCRIPT} there`);
    tools.push("peer");
    if (args.peerBest) tools.push("peer-best");
  }
  process.stderr.write(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
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
  for (const tool of tools) {
    const a = results[tool].get(100);
    const b = results[tool].get(200);
    if (!a || !b) continue;
    const per = (key: string) => Number(slope({ n: 100, value: a[key] }, { n: 200, value: b[key] }).toFixed(2));
    process.stdout.write(`${JSON.stringify({ tool, perAddedService: { from: 100, to: 200, ms: per("ms"), wallMs: per("wallMs"), peakRssMB: per("peakRssMB") } })}\n`);
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
  process.stderr.write(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
}

try {
  main(parseBenchArgs(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
