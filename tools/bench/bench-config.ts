/**
 * The benchmark's config: the AWS CDK peer's architecture, point by point, as a config of this
 * project. N services, each behind its own internet-facing ALB (one `loadBalancers` entry per
 * service) with target tracking auto scaling, on an Auto Scaling group of m6i.large hosts (2 to 6) with a 50 GiB encrypted gp3
 * Docker volume and IMDSv2 (always on here).
 */
import { checkConfig } from "../../config/checks";
import { list, parse } from "../../config/schema-dsl";
import { EcsConfig, configSchema } from "../../config/schema";
import { loadBalancerSchema } from "../../config/sections/load-balancer";

/** Most services the generator builds: the schema's own limit on `services`. */
export const MAX_BENCH_SERVICES = 2000;

/** Name of service `index` (0-based) and of its load balancer: `s0001`, `s0002`, ... */
export function benchServiceName(index: number): string {
  return `s${String(index + 1).padStart(4, "0")}`;
}

/** The config as a YAML file would hold it, before validation and defaults. */
export function benchRawConfig(n: number): Record<string, unknown> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_BENCH_SERVICES) {
    throw new Error(`service count (${n}) must be an integer between 1 and ${MAX_BENCH_SERVICES}`);
  }
  const names = Array.from({ length: n }, (_, i) => benchServiceName(i));
  return {
    name: "bench",
    region: "ap-northeast-1",
    network: {
      vpcId: "vpc-0123456789abcdef0",
      hostSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
      loadBalancerSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
    },
    capacity: {
      instanceType: "m6i.large",
      minSize: 2,
      maxSize: 6,
      image: { family: "al2023" },
      dockerVolume: { sizeGiB: 50, type: "gp3" },
    },
    loadBalancers: names.map((name) => ({ name })),
    services: names.map((name) => ({
      name,
      desiredCount: 2,
      containers: [{ name: "web", image: "nginx:1.27", memory: 512, portMappings: [{ containerPort: 80 }] }],
      loadBalancer: { name },
      // Target tracking on CPU (60 %) and on ALB requests per task (1000), 2 to 10 tasks.
      autoScaling: { minCapacity: 2, maxCapacity: 10, targetTracking: { cpuPercent: 60, requestsPerTarget: 1000 } },
    })),
  };
}

/**
 * The validated model of `benchRawConfig(n)`, through the same schema and cross-key checks as a
 * config file. The schema allows 20 load balancers; the peer has one per service, so the list of
 * load balancers is checked item by item against the same item schema without that limit.
 */
export function benchConfig(n: number): EcsConfig {
  const { loadBalancers, ...rest } = benchRawConfig(n);
  const base = parse(configSchema, { ...rest, loadBalancers: [] });
  const lbs = parse(list(loadBalancerSchema, { maxItems: MAX_BENCH_SERVICES, uniqueBy: (l) => l.name }), loadBalancers);
  const issues = [...base.issues, ...lbs.issues];
  if (base.value === undefined || lbs.value === undefined || issues.length > 0) {
    throw new Error(`benchmark config is not valid:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
  }
  const config: EcsConfig = { ...base.value, loadBalancers: lbs.value };
  const problems = checkConfig(config);
  if (problems.length > 0) {
    throw new Error(`benchmark config fails the checks:\n${problems.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
  }
  return config;
}
