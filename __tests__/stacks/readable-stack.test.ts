/**
 * ReadableStack's synth shortcut: cdktf's preparing pass (a resolution of every element that only
 * looks for references to other stacks) is skipped when the app has one stack, and still runs
 * when it has several, where it turns those references into remote state lookups.
 */
import { App, TerraformStack } from "../../framework/cdktf";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { addStacks } from "../../stacks/app";
import { ReadableStack } from "../../stacks/readable-stack";
import { loadBundled } from "../helpers/synth";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => jest.restoreAllMocks());

/** Synthesizes a bundled config; returns every stack's cdk.tf.json text by stack name. */
function synthFiles(file: string): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-prepare-"));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stacks = addStacks(app, loadBundled(file));
  app.synth();
  return Object.fromEntries(stacks.map((s) => [s.node.id, readFileSync(join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8")]));
}

/** The same synth with cdktf's own prepareStack on every stack, as without the shortcut. */
function synthFilesWithPreparingPass(file: string): Record<string, string> {
  jest.spyOn(ReadableStack.prototype, "prepareStack").mockImplementation(function (this: TerraformStack) {
    TerraformStack.prototype.prepareStack.call(this);
  });
  const files = synthFiles(file);
  jest.restoreAllMocks();
  return files;
}

test("an app with one stack skips the preparing pass and writes byte-identical Terraform", () => {
  const pass = jest.spyOn(TerraformStack.prototype, "prepareStack");
  const files = synthFiles("configs/examples/operations.yaml");
  expect(pass).not.toHaveBeenCalled();
  expect(files).toEqual(synthFilesWithPreparingPass("configs/examples/operations.yaml"));
});

test("an app with several stacks runs the preparing pass on each, so references across stacks become remote state", () => {
  const pass = jest.spyOn(TerraformStack.prototype, "prepareStack");
  const files = synthFiles("configs/examples/split-stacks.yaml");
  expect(pass).toHaveBeenCalledTimes(Object.keys(files).length);
  expect(Object.keys(files).length).toBeGreaterThan(1);
  expect(Object.values(files).some((text) => text.includes('"terraform_remote_state"'))).toBe(true);
});
