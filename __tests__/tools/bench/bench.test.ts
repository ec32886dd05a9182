import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchConfig, benchRawConfig, benchServiceName } from "../../../tools/bench/bench-config";
import { cpuMsFromTimeReport, DEFAULT_COUNTS, DEFAULT_RUNS, maxRssFromTimeReport, median, parseBenchArgs, slope, slopeCounts } from "../../../tools/bench/stats";
import { countResources, synthBench } from "../../../tools/bench/synth-bench";
import { resources, synthJson } from "../../helpers/synth";

describe("benchmark config", () => {
  test("gives every service its own load balancer, named after the service", () => {
    const raw = benchRawConfig(3) as { services: any[]; loadBalancers: any[] };
    expect(raw.loadBalancers.map((l) => l.name)).toEqual(["s0001", "s0002", "s0003"]);
    expect(raw.services.map((s) => [s.name, s.loadBalancer.name])).toEqual([
      ["s0001", "s0001"],
      ["s0002", "s0002"],
      ["s0003", "s0003"],
    ]);
    expect(benchServiceName(999)).toBe("s1000");
  });

  test("matches the AWS CDK peer: m6i.large hosts 2 to 6, 50 GiB gp3, nginx with 512 MiB, 2 to 10 tasks at 60 % CPU and 1000 requests", () => {
    const config = benchConfig(2);
    expect(config.capacity).toEqual(
      expect.objectContaining({ instanceType: "m6i.large", minSize: 2, maxSize: 6, dockerVolume: expect.objectContaining({ sizeGiB: 50, type: "gp3" }) }),
    );
    for (const service of config.services) {
      expect(service.desiredCount).toBe(2);
      expect(service.containers).toEqual([
        expect.objectContaining({ image: "nginx:1.27", memory: 512, portMappings: [expect.objectContaining({ containerPort: 80, hostPort: 0 })] }),
      ]);
      expect(service.autoScaling).toEqual(
        expect.objectContaining({ minCapacity: 2, maxCapacity: 10, targetTracking: expect.objectContaining({ cpuPercent: 60, requestsPerTarget: 1000 }) }),
      );
    }
  });

  test("goes past the schema's 20 load balancers, each still checked by the load balancer schema", () => {
    const config = benchConfig(25);
    expect(config.loadBalancers).toHaveLength(25);
    expect(config.loadBalancers[24]).toEqual(expect.objectContaining({ name: "s0025", internal: false, ingressCidrs: ["0.0.0.0/0"] }));
  });

  test("rejects a service count outside 1 to 2000, naming the value", () => {
    expect(() => benchRawConfig(0)).toThrow("service count (0) must be an integer between 1 and 2000");
    expect(() => benchRawConfig(2001)).toThrow("(2001)");
  });
});

describe("benchmark synth", () => {
  const json = synthJson(benchConfig(2));

  test("puts each service behind its own ALB with a target group, a listener rule and two target tracking policies", () => {
    expect(Object.keys(resources(json, "aws_lb"))).toHaveLength(2);
    expect(Object.keys(resources(json, "aws_lb_target_group"))).toHaveLength(2);
    expect(Object.keys(resources(json, "aws_lb_listener_rule"))).toHaveLength(2);
    expect(Object.keys(resources(json, "aws_ecs_service"))).toHaveLength(2);
    const policies = Object.values(resources(json, "aws_appautoscaling_policy"));
    const metrics = policies.map((p) => p.target_tracking_scaling_policy_configuration?.predefined_metric_specification?.predefined_metric_type).sort();
    expect(metrics).toEqual(["ALBRequestCountPerTarget", "ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization", "ECSServiceAverageCPUUtilization"]);
    expect(Object.values(resources(json, "aws_appautoscaling_target"))).toEqual([
      expect.objectContaining({ min_capacity: 2, max_capacity: 10 }),
      expect.objectContaining({ min_capacity: 2, max_capacity: 10 }),
    ]);
  });

  test("runs the hosts on an IMDSv2-only launch template with an encrypted 50 GiB volume, 2 to 6 of them", () => {
    const [template] = Object.values(resources(json, "aws_launch_template"));
    expect(template.instance_type).toBe("m6i.large");
    expect(template.metadata_options).toEqual(expect.objectContaining({ http_tokens: "required" }));
    expect(template.block_device_mappings[0].ebs).toEqual(expect.objectContaining({ volume_size: 50, volume_type: "gp3", encrypted: "true" }));
    expect(Object.values(resources(json, "aws_autoscaling_group"))).toEqual([expect.objectContaining({ min_size: 2, max_size: 6 })]);
  });

  test("writes cdk.tf.json and reports its resource count and the time of each phase", () => {
    const outdir = mkdtempSync(join(tmpdir(), "bench-test-"));
    try {
      const outcome = synthBench(1, outdir);
      const written = JSON.parse(readFileSync(outcome.file, "utf8"));
      expect(outcome.resources).toBe(countResources(written));
      expect(outcome.resources).toBeGreaterThan(10);
      for (const value of Object.values(outcome.phases)) expect(value).toBeGreaterThanOrEqual(0);
      expect(outcome.phases.synth).toBeGreaterThanOrEqual(outcome.phases.resolve);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("benchmark helpers", () => {
  test("counts resources under every type, not data sources", () => {
    expect(countResources({ resource: { aws_lb: { a: {}, b: {} }, aws_ecs_service: { c: {} } }, data: { aws_ssm_parameter: { d: {} } } } as any)).toBe(3);
    expect(countResources({})).toBe(0);
  });

  test("measures 1, 100 and 300 services five times each by default", () => {
    expect(parseBenchArgs([])).toEqual({ counts: DEFAULT_COUNTS, runs: DEFAULT_RUNS, peerDir: undefined, peerBest: false, peerBestOnly: false, cli: false });
    expect(DEFAULT_COUNTS).toEqual([1, 100, 300]);
    expect(parseBenchArgs(["100", "--runs", "3", "--peer", "/tmp/peer", "--peer-best"])).toEqual({
      counts: [100],
      runs: 3,
      peerDir: "/tmp/peer",
      peerBest: true,
      peerBestOnly: false,
      cli: false,
    });
    expect(parseBenchArgs(["--peer", "/p", "--peer-best-only", "--cli"])).toEqual(expect.objectContaining({ peerBest: true, peerBestOnly: true, cli: true }));
  });

  test("rejects bad arguments, naming them", () => {
    expect(() => parseBenchArgs(["0"])).toThrow('service count "0" is not an integer between 1 and 2000');
    expect(() => parseBenchArgs(["--runs", "x"])).toThrow('--runs "x" is not an integer between 1 and 100');
    expect(() => parseBenchArgs(["--runs"])).toThrow("--runs needs a value");
    expect(() => parseBenchArgs(["--fast"])).toThrow("unknown option --fast");
  });

  test("takes the cost per added service between the two largest counts of at least 100", () => {
    expect(slopeCounts([1, 100, 300])).toEqual([100, 300]);
    expect(slopeCounts([300, 100, 200, 10])).toEqual([200, 300]);
    expect(slopeCounts([1, 10, 100])).toBeUndefined();
  });

  test("takes medians, and the cost per added service as a slope", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(slope({ n: 100, value: 600 }, { n: 200, value: 900 })).toBe(3);
    expect(() => slope({ n: 100, value: 1 }, { n: 100, value: 2 })).toThrow("two different service counts");
  });

  test("reads the peak RSS from /usr/bin/time -v", () => {
    expect(maxRssFromTimeReport("\tUser time (seconds): 1.0\n\tMaximum resident set size (kbytes): 141236\n")).toBe(141236);
    expect(maxRssFromTimeReport("no report")).toBeUndefined();
  });

  test("reads the CPU time, user plus system, from /usr/bin/time -v", () => {
    expect(cpuMsFromTimeReport("\tUser time (seconds): 0.85\n\tSystem time (seconds): 0.25\n")).toBe(1100);
    expect(cpuMsFromTimeReport("\tUser time (seconds): 0.85\n")).toBeUndefined();
  });
});
