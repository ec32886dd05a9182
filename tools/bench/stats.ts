/** Small pure helpers of the benchmark: arguments, medians, slopes, /usr/bin/time output. */
import { MAX_BENCH_SERVICES } from "./bench-config";

/** The service counts `npm run bench` measures when none is given. */
export const DEFAULT_COUNTS = [1, 100, 300];
/** Runs per service count when --runs is not given. */
export const DEFAULT_RUNS = 5;

export function parseServiceCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_BENCH_SERVICES) {
    throw new Error(`service count ${JSON.stringify(text)} is not an integer between 1 and ${MAX_BENCH_SERVICES}`);
  }
  return n;
}

export interface BenchArgs {
  /** Service counts to measure. */
  readonly counts: number[];
  /** Fresh processes per service count; the medians are reported. */
  readonly runs: number;
  /** Folder where the AWS CDK peer is installed, to measure it side by side. */
  readonly peerDir?: string;
  /** Also measure the peer's best case (CDK_VALIDATION=false). */
  readonly peerBest: boolean;
  /** Measure only the peer's best case, not the peer as shipped (implies peerBest). */
  readonly peerBestOnly: boolean;
  /** Also time `cdktf synth` through the cdktf CLI, to show what its start-up adds. */
  readonly cli: boolean;
}

/** `[N ...] [--runs R] [--peer DIR] [--peer-best | --peer-best-only] [--cli]` */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const counts: number[] = [];
  let runs = DEFAULT_RUNS;
  let peerDir: string | undefined;
  let peerBest = false;
  let peerBestOnly = false;
  let cli = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--runs") {
      const v = value();
      runs = Number(v);
      if (!/^\d+$/.test(v) || runs < 1 || runs > 100) throw new Error(`--runs ${JSON.stringify(v)} is not an integer between 1 and 100`);
    } else if (arg === "--peer") peerDir = value();
    else if (arg === "--peer-best") peerBest = true;
    else if (arg === "--peer-best-only") peerBest = peerBestOnly = true;
    else if (arg === "--cli") cli = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}; allowed: --runs R, --peer DIR, --peer-best, --peer-best-only, --cli`);
    else counts.push(parseServiceCount(arg));
  }
  return { counts: counts.length > 0 ? counts : DEFAULT_COUNTS, runs, peerDir, peerBest, peerBestOnly, cli };
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Cost of one more service between two measurements: (y2 - y1) / (n2 - n1). */
export function slope(a: { n: number; value: number }, b: { n: number; value: number }): number {
  if (a.n === b.n) throw new Error(`slope needs two different service counts, not ${a.n} twice`);
  return (b.value - a.value) / (b.n - a.n);
}

/**
 * The two service counts the cost per added service is taken between: the two largest measured
 * counts of at least 100 (below that, start-up dominates); undefined when there are not two.
 */
export function slopeCounts(counts: readonly number[]): [number, number] | undefined {
  const large = [...new Set(counts)].filter((n) => n >= 100).sort((a, b) => a - b);
  return large.length >= 2 ? [large[large.length - 2], large[large.length - 1]] : undefined;
}

/** Peak RSS of the child in KiB, from the report of `/usr/bin/time -v`; undefined when absent. */
export function maxRssFromTimeReport(stderr: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

/** CPU time (user + system) of the child in milliseconds, from the report of `/usr/bin/time -v`; undefined when absent. */
export function cpuMsFromTimeReport(stderr: string): number | undefined {
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\):\s*([\d.]+)/.exec(stderr);
  return user && system ? Math.round((Number(user[1]) + Number(system[1])) * 1000) : undefined;
}
