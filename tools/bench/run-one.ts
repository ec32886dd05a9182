/**
 * One measurement in a fresh process: `node dist/tools/bench/run-one.js N [--phases] [--full-traces]`.
 * Prints one JSON line in the AWS CDK peer's shape, `{n, ms, rssMB, resources}`:
 * ms from before cdktf is loaded until the JSON file is written, rssMB the peak resident set
 * (MB, 10^6 bytes, like the peer); cpuMs the process's CPU time. With --phases, adds the time of
 * each phase; with --full-traces, cdktf keeps its token creation traces (see stacks/lean-traces.ts).
 */
const started = performance.now();

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseServiceCount } from "./stats";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = parseServiceCount(args.find((a) => !a.startsWith("--")) ?? "1");
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-bench-"));
  try {
    const loadStart = performance.now();
    const { synthBench } = await import("./synth-bench");
    const loaded = performance.now();
    const outcome = synthBench(n, outdir, { fullTokenTraces: args.includes("--full-traces") });
    const ms = performance.now() - started;
    const rssMB = (process.resourceUsage().maxRSS * 1024) / 1e6;
    const cpu = process.cpuUsage();
    const line: Record<string, unknown> = { n, ms: Math.round(ms), rssMB: Math.round(rssMB), resources: outcome.resources };
    // CPU time of the whole process (user + system): less disturbed by other load than ms.
    line.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    if (args.includes("--phases")) {
      const phases: Record<string, number> = { load: loaded - loadStart, ...outcome.phases };
      line.phases = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
      line.heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
    }
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench run failed: ${e.message}\n`);
  process.exitCode = 1;
});
