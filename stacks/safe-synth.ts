import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** What cdktf writes into a stack folder (JSON, or HCL with `--hcl`); everything else there (state, .terraform/) is the user's. */
const SYNTHESIZED_STACK_ENTRIES = ["cdk.tf.json", "cdk.tf", "assets"];
/** Signals that would otherwise end the process in the middle of the swap. */
const DEFERRED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** Staging folders without a process id (older versions) count as abandoned after this long. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Synthesizes into a fresh folder beside `outdir` and moves the result into place only after
 * `synth` returned: a failed or interrupted synth leaves the previous output as it was.
 *
 * What is swapped is what cdktf writes: `manifest.json` (and any other top-level file it writes)
 * and, per stack, `cdk.tf.json` and `assets/` (an `assets/` the new synth no longer has is
 * removed). Anything else in a stack folder (`.terraform/`, the lock file, local state) stays.
 * SIGINT, SIGTERM and SIGHUP during the swap are held until the swap is done; a failed swap
 * puts back what it had moved. Staging folders left by a crashed run are removed.
 */
export function synthesizeSafely(outdir: string, synth: (stagingDir: string) => void): void {
  const target = resolve(outdir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  removeAbandonedStaging(parent, basename(target));
  const staging = mkdtempSync(join(parent, `${stagingPrefix(basename(target))}${process.pid}-`));
  try {
    synth(staging);
    deferSignals(() => swapIn(staging, target));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function stagingPrefix(outdirName: string): string {
  return `.${outdirName}.staging-`;
}

/** Removes staging folders whose process is gone (a synth killed before it could clean up). */
export function removeAbandonedStaging(parent: string, outdirName: string): void {
  const prefix = stagingPrefix(outdirName);
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const path = join(parent, entry);
    const pid = /^(\d+)-/.exec(entry.slice(prefix.length))?.[1];
    const abandoned = pid !== undefined ? !isRunning(Number(pid)) : Date.now() - statSync(path).mtimeMs > ABANDONED_AFTER_MS;
    if (abandoned) rmSync(path, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `work` with SIGINT/SIGTERM/SIGHUP held back: a signal that arrives meanwhile is
 * re-raised once `work` has finished (Node delivers it on the next turn of the event loop),
 * so the process still ends as asked, just not half-way through.
 */
export function deferSignals(work: () => void): void {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const signal of DEFERRED_SIGNALS) process.on(signal, hold);
  try {
    work();
  } finally {
    // Kept for one turn of the event loop, so a signal that came during `work` is seen.
    setImmediate(() => {
      for (const signal of DEFERRED_SIGNALS) process.removeListener(signal, hold);
      if (received) process.kill(process.pid, received);
    });
  }
}

function swapIn(staging: string, target: string): void {
  const trash = join(staging, ".previous");
  mkdirSync(trash, { recursive: true });
  /** Undo steps of what is done so far, so a failure half-way can put everything back. */
  const undo: (() => void)[] = [];
  const move = (from: string, to: string) => {
    renameSync(from, to);
    undo.push(() => renameSync(to, from));
  };
  /** Puts `from` at `to`. A file is replaced in one rename (never missing); a folder goes to the trash first. */
  const replace = (from: string, to: string, trashName: string) => {
    const old = existsSync(to) ? statSync(to) : undefined;
    if (old?.isDirectory()) {
      move(to, join(trash, trashName));
      move(from, to);
    } else {
      const kept = join(trash, trashName);
      if (old) copyFileSync(to, kept);
      renameSync(from, to);
      undo.push(() => (old ? renameSync(kept, to) : rmSync(to, { force: true })));
    }
  };
  try {
    const stagedStacks = join(staging, "stacks");
    const stacks = existsSync(stagedStacks) ? readdirSync(stagedStacks) : [];
    for (const stack of stacks) {
      const from = join(stagedStacks, stack);
      const to = join(target, "stacks", stack);
      mkdirSync(to, { recursive: true });
      const entries = readdirSync(from);
      for (const entry of entries) replace(join(from, entry), join(to, entry), `${stack}-${entry}`);
      // Output the new synth no longer writes (assets of a removed Lambda function) goes too.
      for (const entry of SYNTHESIZED_STACK_ENTRIES) {
        if (!entries.includes(entry) && existsSync(join(to, entry))) move(join(to, entry), join(trash, `${stack}-${entry}`));
      }
    }
    // The manifest goes last: it names the stacks, so it must not point at files not yet in place.
    mkdirSync(target, { recursive: true });
    for (const entry of readdirSync(staging)) {
      if (entry === "stacks" || entry === ".previous") continue;
      replace(join(staging, entry), join(target, entry), entry);
    }
  } catch (e) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: the error below says the swap failed.
      }
    }
    throw e;
  }
}
