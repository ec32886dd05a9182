/**
 * CDKTF was archived on 2025-12-10; its maintained fork cdktn has the same API under other package
 * names. Every import of the framework and of the provider bindings goes through framework/, so the
 * move is a change of those files and package.json (npm run check:cdktn proves it on the output).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { switchSeamSource } from "../../tools/cdktn/switch";

const ROOT = join(__dirname, "..", "..");
const FRAMEWORK_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)["'](?:cdktf|@cdktf\/provider-aws)(?:\/[^"']*)?["']/;

function sourceFiles(): string[] {
  return execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts", "*.js"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.length > 0 && !f.startsWith("node_modules/"));
}

describe("the framework seam", () => {
  test("no source or test file outside framework/ imports cdktf or @cdktf/provider-aws itself", () => {
    const offenders = sourceFiles()
      // The seam itself, and the cdktn switch with its tests (they spell the package names out).
      .filter((f) => !f.startsWith("framework/") && !f.startsWith("tools/cdktn/") && !f.startsWith("__tests__/tools/cdktn/") && f !== "__tests__/framework/seam.test.ts")
      .filter((f) => FRAMEWORK_IMPORT.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  test("the pattern would catch a direct import", () => {
    expect(FRAMEWORK_IMPORT.test('import { App } from "cdktf";')).toBe(true);
    expect(FRAMEWORK_IMPORT.test('import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";')).toBe(true);
    expect(FRAMEWORK_IMPORT.test('const t = require("cdktf/lib/tokens/private/stack-trace");')).toBe(true);
  });

  test.each(["framework/cdktf.ts", "framework/provider-aws.ts", "framework/testing.ts"])("%s switches to cdktn and keeps no cdktf import", (file) => {
    const switched = switchSeamSource(readFileSync(join(ROOT, file), "utf8"));
    expect(switched).not.toMatch(FRAMEWORK_IMPORT);
    expect(switched).toMatch(/["'](cdktn|@cdktn\/provider-aws)[/"']/);
  });
});
