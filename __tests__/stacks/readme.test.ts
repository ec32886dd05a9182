/**
 * Every YAML example in the README is a real config fragment: merged into the minimal config
 * (services the snippet leaves incomplete get a container on port 80 behind a load balancer),
 * it must pass validation and synthesize.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseConfig } from "../../config/load";
import { synthJson } from "../helpers/synth";

const ROOT = join(__dirname, "..", "..");
const README = [
  join(ROOT, "README.md"),
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(ROOT, "docs", f)),
]
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const snippets = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

const MINIMAL = {
  name: "demo",
  region: "eu-west-1",
  network: {
    vpcId: "vpc-0123456789abcdef0",
    hostSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1"],
    loadBalancerSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
  },
};

function completed(fragment: Record<string, any>): Record<string, any> {
  const config: Record<string, any> = { ...MINIMAL, ...fragment };
  if (Array.isArray(fragment.services)) {
    config.loadBalancers = fragment.loadBalancers ?? [{ name: "public" }];
    config.services = fragment.services.map((s: Record<string, any>, i: number) => ({
      containers: [{ name: "app", image: "nginx:1.27", memoryReservation: 128, portMappings: [{ containerPort: 80 }] }],
      loadBalancer: { name: config.loadBalancers[0].name, priority: 100 + i, pathPatterns: [`/${s.name}/*`] },
      ...s,
    }));
  }
  return config;
}

test("the README has YAML examples to check", () => {
  expect(snippets.length).toBeGreaterThanOrEqual(5);
});

test.each(snippets.map((s, i) => [i + 1, s.split("\n")[0], s]))("README YAML example %i (%s) is a valid config that synthesizes", (_n, _first, snippet) => {
  const config = parseConfig(JSON.stringify(completed(parse(snippet as string))), "README.md example");
  expect(Object.keys(synthJson(config).resource).length).toBeGreaterThan(0);
});
