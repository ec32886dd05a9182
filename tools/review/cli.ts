import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSynthOutput, ReviewError, SynthOutput } from "./load";
import { renderMarkdown } from "./markdown";
import { loadPlan, TerraformPlan } from "./plan-input";
import { buildReport, Report } from "./report";
import { findingsOf, toSarif } from "./sarif";

export const USAGE = `Usage: npm run review -- [options] <base> <head>
       npm run review -- [options] --git <baseRef> <headRef>
       npm run review -- --format sarif --config <config.yaml>

<base>, <head>   synth output directories: a cdktf.out root (stacks/<name>/cdk.tf.json)
                 or a single stack directory holding cdk.tf.json
--git A B        synthesize git refs A and B in temporary worktrees and compare them
--plan [STACK=]FILE
                 take create/update/replace/destroy from \`terraform show -json\` of the
                 stack's plan (repeat per stack; STACK= may be left out with one stack)
--format F       markdown (default), json, or sarif (the security rule pack's findings
                 for --config, for code scanning)
--config FILE    the config file whose findings --format sarif reports
--out FILE       write the report to FILE instead of stdout
-h, --help       show this help`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export interface Options {
  format: "markdown" | "json" | "sarif";
  out?: string;
  /** `--plan` files by stack name (`""` when given without a stack). */
  plans: Array<{ stack: string; file: string }>;
  config?: string;
  git: boolean;
  base: string;
  head: string;
  help: boolean;
}

export function parseArgs(argv: string[]): Options {
  const positional: string[] = [];
  let format: Options["format"] = "markdown";
  let out: string | undefined;
  let git = false;
  let help = false;
  let config: string | undefined;
  const plans: Options["plans"] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new ReviewError(`option ${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--git") git = true;
    else if (flag === "--format") {
      const f = value();
      if (f !== "markdown" && f !== "json" && f !== "sarif") throw new ReviewError(`unknown format "${f}" (expected markdown, json or sarif)`);
      format = f;
    } else if (flag === "--out") out = value();
    else if (flag === "--config") config = value();
    else if (flag === "--plan") {
      const v = value();
      const eq = v.indexOf("=");
      plans.push(eq > 0 && !v.slice(0, eq).includes("/") ? { stack: v.slice(0, eq), file: v.slice(eq + 1) } : { stack: "", file: v });
    } else if (flag === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (flag.startsWith("-") && flag !== "-") throw new ReviewError(`unknown option ${flag}`);
    else positional.push(arg);
  }
  if (help) return { format, out, git, base: "", head: "", help, plans, config };
  if (format === "sarif") {
    if (!config) throw new ReviewError("--format sarif needs --config <config file>");
    if (positional.length > 0 || git || plans.length > 0) throw new ReviewError("--format sarif takes only --config and --out");
    return { format, out, git, base: "", head: "", help, plans, config };
  }
  if (config) throw new ReviewError("--config is only used with --format sarif");
  if (positional.length !== 2) {
    throw new ReviewError(git ? "expected two git refs: --git <baseRef> <headRef>" : "expected two synth output directories: <base> <head>");
  }
  return { format, out, git, base: positional[0], head: positional[1], help, plans, config };
}

/** The `--plan` files by stack name; a plan without a stack name needs a single-stack head. */
export function plansByStack(plans: Options["plans"], head: SynthOutput): Map<string, TerraformPlan> {
  const out = new Map<string, TerraformPlan>();
  const names = head.stacks.map((s) => s.name);
  for (const p of plans) {
    let stack = p.stack;
    if (stack === "") {
      if (names.length !== 1) throw new ReviewError(`--plan ${p.file}: the head has ${names.length} stacks (${names.join(", ")}); write --plan <stack>=${p.file}`);
      stack = names[0];
    } else if (!names.includes(stack)) {
      throw new ReviewError(`--plan ${p.stack}=${p.file}: no stack "${p.stack}" in the head (stacks: ${names.join(", ")})`);
    }
    out.set(stack, loadPlan(p.file));
  }
  return out;
}

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { cwd, env: env ?? process.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    const lines = `${err.stderr ?? ""}\n${err.stdout ?? ""}`
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const detail = lines.find((l) => /error/i.test(l)) ?? lines.pop() ?? err.message;
    throw new ReviewError(`${cmd} ${args.join(" ")} failed in ${cwd}: ${detail}`);
  }
}

/**
 * Synthesize a git ref: check it out into a temporary worktree (sharing this
 * checkout's node_modules), run `npm run build && node dist/main.js` with
 * CDKTF_OUTDIR pointing into the temporary directory, and load the result.
 */
export function synthGitRef(ref: string, repoDir = process.cwd()): SynthOutput {
  const top = run("git", ["rev-parse", "--show-toplevel"], repoDir).trim();
  try {
    run("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], top);
  } catch {
    throw new ReviewError(`unknown git ref: ${ref}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-review-"));
  const src = path.join(tmp, "src");
  const outdir = path.join(tmp, "cdktf.out");
  try {
    run("git", ["worktree", "add", "--detach", src, ref], top);
    const modules = path.join(top, "node_modules");
    if (fs.existsSync(modules) && !fs.existsSync(path.join(src, "node_modules"))) {
      fs.symlinkSync(modules, path.join(src, "node_modules"), "dir");
    }
    run("npm", ["run", "build", "--silent"], src);
    run("node", ["dist/main.js"], src, { ...process.env, CDKTF_OUTDIR: outdir });
    const synth = loadSynthOutput(outdir);
    // Keep the documents in memory: the temporary directory is removed below.
    return { ...synth, root: `${ref} (git)` };
  } finally {
    try {
      run("git", ["worktree", "remove", "--force", src], top);
    } catch {
      // The worktree may not have been created; pruning below tidies up.
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      run("git", ["worktree", "prune"], top);
    } catch {
      // best effort
    }
  }
}

export function renderReport(report: Report, format: "markdown" | "json"): string {
  return format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
}

/** CLI entry point; returns the exit code (0 ok, 2 usage or input error). */
export function main(argv: string[], io: Io = processIo): number {
  try {
    const opts = parseArgs(argv);
    if (opts.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    let text: string;
    if (opts.format === "sarif") {
      text = `${JSON.stringify(toSarif(findingsOf(opts.config!), path.relative(process.cwd(), path.resolve(opts.config!)).split(path.sep).join("/")), null, 2)}\n`;
    } else {
      const base = opts.git ? synthGitRef(opts.base) : loadSynthOutput(opts.base);
      const head = opts.git ? synthGitRef(opts.head) : loadSynthOutput(opts.head);
      text = renderReport(buildReport(base, head, { plans: plansByStack(opts.plans, head) }), opts.format);
    }
    if (opts.out) {
      try {
        fs.writeFileSync(opts.out, text);
      } catch (e) {
        throw new ReviewError(`cannot write ${opts.out}: ${(e as Error).message}`);
      }
    } else {
      io.stdout(text);
    }
    return 0;
  } catch (e) {
    if (e instanceof ReviewError) {
      io.stderr(`review: ${e.message}\n`);
      return 2;
    }
    io.stderr(`review: unexpected error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
