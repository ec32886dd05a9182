/**
 * Property, under the real Terraform CLI: a sample of generated valid configs synthesizes to
 * stacks that pass `terraform init` + `terraform validate`.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseConfig } from "../../../config/load";
import { removeSynthFolders, synthToDisk } from "../../helpers/synth";
import { assertTerraformInstalled, initAndValidate } from "../../helpers/terraform";
import { SEED, toYaml, validConfigArb } from "./arbitraries";

const TF_SAMPLES = 5;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe("valid configs under terraform validate", () => {
  afterAll(removeSynthFolders);

  test(`${TF_SAMPLES} generated valid configs pass terraform init + validate`, () => {
    assertTerraformInstalled();
    const docs = fc.sample(validConfigArb, { seed: SEED + 1, numRuns: TF_SAMPLES });
    // One root module that calls every synthesized stack: one init and one validate check them all.
    const stacks = docs.flatMap((doc) => synthToDisk(parseConfig(toYaml(doc), "fuzz.yaml")));
    const root = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-fuzz-"));
    roots.push(root);
    const calls = stacks.map((s, i) => `module "c${i}" {\n  source = ${JSON.stringify(relative(root, s.dir))}\n}\n`);
    writeFileSync(join(root, "main.tf"), calls.join("\n"));
    expect(initAndValidate(root)).toContain("The configuration is valid");
  });
});
