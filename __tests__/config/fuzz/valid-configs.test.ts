/**
 * Property: every valid config over the foundation keys parses and synthesizes, and the stack
 * holds what the config asked for. A sample goes through the real `terraform validate` in
 * valid-configs.tf.test.ts.
 */
import fc from "fast-check";
import { parseConfig } from "../../../config/load";
import { resources, synthJson } from "../../helpers/synth";
import { Doc, SEED, toYaml, validConfigArb } from "./arbitraries";

const RUNS = 40;

describe("valid configs", () => {
  test(`${RUNS} generated valid configs parse and synthesize one ECS service per configured service`, () => {
    fc.assert(
      fc.property(validConfigArb, (doc: Doc) => {
        const config = parseConfig(toYaml(doc), "fuzz.yaml");
        expect(config.name).toBe(doc.name);
        const json = synthJson(config);
        const services = Object.values(resources(json, "aws_ecs_service"))
          .map((s) => s.name)
          .sort();
        expect(services).toEqual(config.services.map((s) => s.name).sort());
        expect(Object.keys(resources(json, "aws_lb")).length).toBe(config.loadBalancers.length);
        const rules = Object.values(resources(json, "aws_lb_listener_rule"));
        expect(rules.length).toBe(config.services.filter((s) => s.loadBalancer).length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
