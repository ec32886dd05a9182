#!/usr/bin/env node
/**
 * Runs the app (main.ts) from source, for `npm run synth` and `cdktf synth` (cdktf.json `app`).
 *
 * main.ts and everything it imports are bundled by esbuild into dist/app.js (dependencies stay
 * in node_modules), then run in this process. The bundle is rebuilt only when one of its source
 * files, tsconfig.json or this file changed (compared by content hash, so a checkout or an editor
 * that keeps timestamps cannot leave it stale). esbuild strips types without checking them:
 * the type check is `npm test` (or `npm run typecheck`).
 *
 * `require("./tools/app").bundle(entry, outfile)` builds any entry point the same way.
 */
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const APP_ENTRY = path.join(ROOT, "main.ts");
const APP_BUNDLE = path.join(ROOT, "dist", "app.js");
/** Files besides the bundle's inputs whose change means a rebuild. */
const BUILD_INPUTS = ["tsconfig.json", "tools/app.js"];

/**
 * Bundles `entry` (a .ts file) into `outfile` as CommonJS for this Node.js version; returns the
 * source files it read, relative to the project root. Throws with esbuild's messages on a syntax error.
 */
function bundle(entry, outfile) {
  const esbuild = require("esbuild");
  const tmp = `${outfile}.${process.pid}.tmp`;
  const result = esbuild.buildSync({
    entryPoints: [entry],
    outfile: tmp,
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    metafile: true,
    logLevel: "silent",
  });
  // Renamed into place: a concurrent run never loads a half-written bundle.
  fs.renameSync(tmp, outfile);
  return Object.keys(result.metafile.inputs);
}

/** sha256 over the named files' paths and contents; undefined when one of them is gone. */
function fingerprint(files) {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    let content;
    try {
      content = fs.readFileSync(path.join(ROOT, file));
    } catch {
      return undefined;
    }
    hash.update(file).update("\0").update(content).update("\0");
  }
  return hash.digest("hex");
}

/** Rebuilds dist/app.js unless the recorded inputs are unchanged. */
function ensureAppBundle() {
  const stampFile = `${APP_BUNDLE}.inputs.json`;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
    if (fs.existsSync(APP_BUNDLE) && stamp.hash === fingerprint(stamp.files)) return;
  } catch {
    // No stamp yet (fresh clone) or an unreadable one: build.
  }
  fs.mkdirSync(path.dirname(APP_BUNDLE), { recursive: true });
  const files = [...bundle(APP_ENTRY, APP_BUNDLE), ...BUILD_INPUTS];
  const tmp = `${stampFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ hash: fingerprint(files), files }));
  fs.renameSync(tmp, stampFile);
}

module.exports = { bundle, APP_BUNDLE };

if (require.main === module) {
  try {
    ensureAppBundle();
  } catch (e) {
    const messages = e.errors ? require("esbuild").formatMessagesSync(e.errors, { kind: "error" }).join("") : `${e.message}\n`;
    process.stderr.write(`Cannot build main.ts:\n${messages}Nothing was written; the previous output is unchanged.\n`);
    process.exit(1);
  }
  require(APP_BUNDLE);
}
