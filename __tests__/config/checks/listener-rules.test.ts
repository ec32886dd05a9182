/**
 * Listener rules that can never match. ELB evaluates a listener's rules "in priority order, from
 * the lowest value to the highest value", first match wins:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html
 */
import { globCovers, ruleCovers } from "../../../config/checks/services";
import { minimalYaml } from "../../helpers/synth";
import { problems } from "../../helpers/services";

const service = (name: string, target: string) =>
  `  - name: ${name}\n    containers: [{ name: ${name}, image: "nginx:1.27", memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]\n    loadBalancer: { name: public, ${target} }\n`;
const config = (...services: string[]) => minimalYaml(`loadBalancers:\n  - name: public\nservices:\n${services.join("")}`);

describe("listener rules", () => {
  test("a catch-all /* with a lower priority number hides a later rule: an error naming both services", () => {
    expect(problems(config(service("web", 'priority: 10, pathPatterns: ["/*"]'), service("api", 'priority: 20, pathPatterns: ["/api/*"]')))).toEqual([
      'services[1].loadBalancer.priority: 20 puts this rule of service "api" after priority 10 of service "web" (services[0].loadBalancer) on load balancer "public": ' +
        'that rule (host [] path ["/*"]) matches every request this one (host [] path ["/api/*"]) matches, so this target never receives traffic; give it a priority number below 10',
    ]);
  });

  test("the specific rule first and the catch-all last is fine", () => {
    expect(problems(config(service("web", 'priority: 20, pathPatterns: ["/*"]'), service("api", 'priority: 10, pathPatterns: ["/api/*"]')))).toEqual([]);
  });

  test("a host condition on the earlier rule leaves other hosts to the later rule", () => {
    expect(problems(config(service("web", "priority: 10, hostHeaders: [www.example.com]"), service("api", 'priority: 20, pathPatterns: ["/api/*"]')))).toEqual([]);
  });

  test("a wildcard host hides a later rule for a host it matches", () => {
    expect(
      problems(config(service("web", 'priority: 10, hostHeaders: ["*.example.com"]'), service("api", 'priority: 20, hostHeaders: [API.example.com], pathPatterns: ["/v1/*"]'))),
    ).toEqual([expect.stringMatching(/^services\[1\]\.loadBalancer\.priority: 20 puts this rule of service "api" after priority 10 of service "web"/)]);
  });
});

describe("glob coverage", () => {
  test.each([
    ["/*", "/api/*", true],
    ["/api/*", "/api/v1/*", true],
    ["/api/*", "/*", false],
    ["/a?c", "/abc", true],
    ["/abc", "/a?c", false],
    ["/*/x", "/a/b/x", true],
    ["/api/*", "/apix", false],
  ])("%s covers %s: %s", (p, q, covers) => expect(globCovers(p, q)).toBe(covers));

  test("a rule with hosts does not cover a rule without", () => {
    expect(ruleCovers({ hostHeaders: ["a.example.com"], pathPatterns: ["/*"] }, { hostHeaders: [], pathPatterns: ["/x"] })).toBe(false);
    expect(ruleCovers({ hostHeaders: [], pathPatterns: ["/*"] }, { hostHeaders: ["a.example.com"], pathPatterns: ["/x"] })).toBe(true);
  });
});
