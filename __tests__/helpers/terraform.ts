/**
 * Runs the real Terraform CLI on synthesized stacks: init, validate, and `terraform test` with a
 * mock AWS provider. Offline machines point TF_PROVIDER_MIRROR at a filesystem mirror of the
 * hashicorp/aws provider; without it, init downloads from the registry as usual.
 * A missing `terraform` is an error, never a skipped test.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const MIRROR_ENV = "TF_PROVIDER_MIRROR";

let cliConfig: string | undefined;

/** A Terraform CLI config of our own, so whatever TF_CLI_CONFIG_FILE points to does not matter. */
function cliConfigFile(): string {
  if (cliConfig) return cliConfig;
  const dir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-tfrc-"));
  const mirror = process.env[MIRROR_ENV];
  const cache = join(homedir(), ".terraform.d", "plugin-cache");
  const body = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`
    : (mkdirSync(cache, { recursive: true }), `plugin_cache_dir = ${JSON.stringify(cache)}\n`);
  cliConfig = join(dir, "terraformrc");
  writeFileSync(cliConfig, body);
  return cliConfig;
}

export function assertTerraformInstalled(): void {
  const result = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(
      "The terraform CLI was not found on PATH (or does not run). These tests run real `terraform validate` and " +
        "`terraform test`: install Terraform >= 1.7 and, offline, set TF_PROVIDER_MIRROR to a provider mirror folder.",
    );
  }
}

export interface TerraformResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs terraform in `dir`; returns its combined output (colour off). */
export function terraform(dir: string, args: string[]): TerraformResult {
  const result = spawnSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile(), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return { ok: result.status === 0, output };
}

/** init (without backend) + validate; throws with Terraform's output when either fails. */
export function initAndValidate(dir: string): string {
  const init = terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
  if (!init.ok) throw new Error(`terraform init failed in ${dir}:\n${init.output}`);
  const validate = terraform(dir, ["validate", "-no-color"]);
  if (!validate.ok) throw new Error(`terraform validate failed in ${dir}:\n${validate.output}`);
  return validate.output;
}

/** Writes `tests/<name>.tftest.hcl` into the configuration folder. */
export function writeTestFile(dir: string, name: string, hcl: string): void {
  mkdirSync(join(dir, "tests"), { recursive: true });
  writeFileSync(join(dir, "tests", `${name}.tftest.hcl`), hcl);
}

/** Writes `tests/<name>.tftest.hcl` into the configuration folder and runs `terraform test`. */
export function runTerraformTest(dir: string, name: string, hcl: string): TerraformResult {
  writeTestFile(dir, name, hcl);
  return terraform(dir, ["test", "-no-color"]);
}

export function terraformVersion(): string {
  return execFileSync("terraform", ["version"], { encoding: "utf8" }).split("\n")[0];
}
