import { mkdtempSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "fs";
import { dirname, join, resolve, basename } from "path";

/**
 * Synthesizes into a fresh folder beside `outdir` and moves the result into place only after
 * `synth` returned: a failed or interrupted synth leaves the previous output as it was.
 *
 * What is swapped is what cdktf writes: `manifest.json` and, per stack, `cdk.tf.json` and
 * `assets/`. Anything else in a stack folder (`.terraform/`, the lock file, local state) stays.
 */
export function synthesizeSafely(outdir: string, synth: (stagingDir: string) => void): void {
  const target = resolve(outdir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
  try {
    synth(staging);
    swapIn(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function swapIn(staging: string, target: string): void {
  const trash = join(staging, ".previous");
  mkdirSync(trash, { recursive: true });
  const stagedStacks = join(staging, "stacks");
  const stacks = existsSync(stagedStacks) ? readdirSync(stagedStacks) : [];
  for (const stack of stacks) {
    const from = join(stagedStacks, stack);
    const to = join(target, "stacks", stack);
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) replace(join(from, entry), join(to, entry), join(trash, `${stack}-${entry}`));
  }
  // The manifest goes last: it names the stacks, so it must not point at files not yet in place.
  for (const entry of readdirSync(staging)) {
    if (entry === "stacks" || entry === ".previous") continue;
    replace(join(staging, entry), join(target, entry), join(trash, entry));
  }
}

function replace(from: string, to: string, trash: string): void {
  if (existsSync(to)) renameSync(to, trash);
  renameSync(from, to);
}
