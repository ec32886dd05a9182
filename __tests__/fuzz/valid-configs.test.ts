/**
 * Property: every valid config over the foundation keys parses and synthesizes, and the stack
 * holds what the config asked for. A sample goes through the real `terraform validate`.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { parseConfig } from "../../config/load";
import { removeSynthFolders, resources, synthJson, synthToDisk } from "../helpers/synth";
import { assertTerraformInstalled, initAndValidate } from "../helpers/terraform";
import { Doc, SEED, toYaml, validConfigArb } from "./arbitraries";

const RUNS = 40;
const TF_SAMPLES = 5;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe("valid configs", () => {
  test(`${RUNS} generated valid configs parse and synthesize one ECS service per configured service`, () => {
    fc.assert(
      fc.property(validConfigArb, (doc: Doc) => {
        const config = parseConfig(toYaml(doc), "fuzz.yaml");
        expect(config.name).toBe(doc.name);
        const json = synthJson(config);
        const services = Object.values(resources(json, "aws_ecs_service")).map((s) => s.name).sort();
        expect(services).toEqual(config.services.map((s) => s.name).sort());
        expect(Object.keys(resources(json, "aws_lb")).length).toBe(config.loadBalancers.length);
        const rules = Object.values(resources(json, "aws_lb_listener_rule"));
        expect(rules.length).toBe(config.services.filter((s) => s.loadBalancer).length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

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
