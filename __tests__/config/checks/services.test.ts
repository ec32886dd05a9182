import { minimalYaml } from "../../helpers/synth";
import { instanceTypeSize } from "../../../modules/instance-types";
import { problems, serviceYaml } from "../../helpers/services";

const c = (extra = "", name = "app") => `  - name: ${name}\n    image: nginx:1.27\n    memoryReservation: 128\n${extra.replace(/^/gm, "    ")}`;
const svc = (body: string, containers = c(), extra = "") => serviceYaml(`${body}\ncontainers:\n${containers}`, extra);

describe("fixed host ports", () => {
  const port = "portMappings: [{ containerPort: 80, hostPort: 80 }]";

  test("are an error with several tasks and no distinctInstance constraint, explaining dynamic ports", () => {
    const found = problems(svc("desiredCount: 2\ndeployment: { minimumHealthyPercent: 0, maximumPercent: 100 }", c(port)));
    expect(found).toEqual([expect.stringMatching(/^services\[0\]\.desiredCount: 2 tasks with fixed host port 80 .*use hostPort 0 \(dynamic host ports/)]);
  });

  test("are an error with a deployment that starts a second copy (maximumPercent > 100)", () => {
    const found = problems(svc("desiredCount: 1", c(port)));
    expect(found).toEqual([
      expect.stringMatching(/^services\[0\]\.deployment\.maximumPercent: 200 .*fixed host port 80.*maximumPercent: 100 and a distinctInstance placement constraint/),
    ]);
  });

  test("are fine with maximumPercent 100 and distinctInstance", () => {
    const body = "desiredCount: 2\ndeployment: { minimumHealthyPercent: 50, maximumPercent: 100 }\nplacementConstraints: [{ type: distinctInstance }]";
    expect(problems(svc(body, c(port)))).toEqual([]);
  });

  test("are fine on a DAEMON service (one task per host)", () => {
    expect(problems(svc("schedulingStrategy: DAEMON", c(port)))).toEqual([]);
  });

  test("dynamic host ports allow two copies and a 200% deployment on one host", () => {
    expect(problems(svc("desiredCount: 2", c("portMappings: [{ containerPort: 80 }]")))).toEqual([]);
  });
});

describe("load balancer targets", () => {
  const lb = "loadBalancers:\n  - name: public\n";
  const ports = "portMappings: [{ containerPort: 80 }]";
  const two = (a: string, b: string) =>
    minimalYaml(
      `${lb}services:\n  - name: one\n    containers:\n${c(ports).replace(/^/gm, "  ")}\n    loadBalancer: ${a}\n  - name: two\n    containers:\n${c(ports).replace(/^/gm, "  ")}\n    loadBalancer: ${b}\n`,
    );

  test("sharing a load balancer need unique priorities", () => {
    expect(problems(two("{ name: public, priority: 5, pathPatterns: [/a/*] }", "{ name: public, priority: 5, pathPatterns: [/b/*] }"))).toEqual([
      expect.stringMatching(/^services\[1\]\.loadBalancer\.priority: 5 is already used by services\[0\]\.loadBalancer/),
    ]);
  });

  test("sharing a load balancer need a priority each", () => {
    expect(problems(two("{ name: public, pathPatterns: [/a/*] }", "{ name: public, priority: 2, pathPatterns: [/b/*] }"))).toEqual([
      expect.stringMatching(/^services\[0\]\.loadBalancer\.priority: is required: 2 targets share/),
    ]);
  });

  test("sharing a load balancer must not claim the same host and path", () => {
    expect(problems(two("{ name: public, priority: 1, hostHeaders: [a.example.com] }", "{ name: public, priority: 2, hostHeaders: [a.example.com] }"))).toEqual([
      expect.stringMatching(/^services\[1\]\.loadBalancer: routes the same host \["a.example.com"\] path \["\/\*"\] as services\[0\]\.loadBalancer/),
    ]);
  });

  test("must name a port the container exposes", () => {
    expect(problems(svc("loadBalancer: { name: public, containerPort: 81 }", c(ports), lb))).toEqual([
      'services[0].loadBalancer.containerPort: 81 is not exposed by container "app"; its ports: 80',
    ]);
  });

  test("must name a known load balancer and not mix loadBalancer with loadBalancers", () => {
    expect(problems(svc("loadBalancer: { name: public }\nloadBalancers: [{ name: private, priority: 2 }]", c(ports), lb))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\[0\]\.loadBalancer: cannot be set together with loadBalancers/),
        expect.stringMatching(/^services\[0\]\.loadBalancers\[0\]\.name: "private" is not a load balancer in loadBalancers; allowed: "public"/),
      ]),
    );
  });

  test("need a health check timeout shorter than its interval", () => {
    expect(problems(svc("loadBalancer: { name: public, healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 5 }", c(ports), lb))).toEqual([
      "services[0].loadBalancer.healthCheckTimeoutSeconds: 5 must be less than healthCheckIntervalSeconds (5)",
    ]);
  });
});

describe("containers and volumes", () => {
  test("references to other containers and volumes must exist", () => {
    const found = problems(
      svc(
        "",
        c(
          "dependsOn: [{ containerName: db, condition: HEALTHY }]\nvolumesFrom: [{ sourceContainer: app }]\nmountPoints: [{ sourceVolume: data, containerPath: /data }]\nlinks: [cache]",
        ),
      ),
    );
    expect(found).toEqual([
      'services[0].containers[0].dependsOn[0].containerName: "db" is not another container of this service; allowed: (none: the task has one container)',
      'services[0].containers[0].links[0]: "cache" does not name another container of this service; allowed: (none: the task has one container)',
      'services[0].containers[0].volumesFrom[0].sourceContainer: "app" is not another container of this service; allowed: (none: the task has one container)',
      'services[0].containers[0].mountPoints[0].sourceVolume: "data" is not in services[0].volumes; allowed: (none defined)',
    ]);
  });

  test("a container without task memory needs memory or memoryReservation", () => {
    expect(problems(svc("", "  - name: app\n    image: nginx:1.27"))).toEqual([
      'services[0].containers[0]: container "app" needs memory or memoryReservation (MiB) when the service sets no task memory',
    ]);
  });

  test("a volume is one kind, and EFS access points need transit encryption", () => {
    const found = problems(
      svc(
        "volumes:\n  - { name: a, hostPath: /a, docker: { scope: task } }\n  - { name: b, efs: { fileSystemId: fs-0123456789abcdef0, accessPointId: fsap-0123456789abcdef0, transitEncryption: DISABLED } }",
      ),
    );
    expect(found).toEqual([
      "services[0].volumes[0]: sets hostPath and docker; a volume is one of hostPath, docker or efs",
      'services[0].volumes[1].efs.transitEncryption: "DISABLED" is not allowed with accessPointId; use "ENABLED"',
    ]);
  });

  test("secrets must be SSM parameter or Secrets Manager ARNs", () => {
    const found = problems(svc("", c("secrets: [{ name: X, valueFrom: my-secret }]")));
    expect(found).toEqual([expect.stringMatching(/^services\[0\]\.containers\[0\]\.secrets\[0\]\.valueFrom: "my-secret" is not an SSM parameter ARN/)]);
  });
});

describe("scheduling", () => {
  test("launchType and capacityProviderStrategy exclude each other", () => {
    expect(problems(svc("launchType: EC2\ncapacityProviderStrategy: [{ capacityProvider: spot }]"))).toEqual([
      'services[0].capacityProviderStrategy: cannot be set together with launchType "EC2"; a service uses one or the other',
    ]);
  });

  test("DAEMON rejects desiredCount, placement strategy and a maximum percent", () => {
    const found = problems(svc("schedulingStrategy: DAEMON\ndesiredCount: 3\nplacementStrategy: [{ type: random }]\ndeployment: { maximumPercent: 200 }"));
    expect(found).toEqual([
      "services[0].desiredCount: 3 cannot be set with schedulingStrategy DAEMON: it runs one task on every host",
      "services[0].placementStrategy: cannot be set with schedulingStrategy DAEMON: it runs one task on every host",
      "services[0].deployment.maximumPercent: 200 cannot be set with schedulingStrategy DAEMON (AWS keeps 100)",
    ]);
  });

  test("placement constraints and strategies take the fields their type allows", () => {
    const found = problems(svc("placementConstraints: [{ type: memberOf }]\nplacementStrategy: [{ type: binpack, field: instanceId }]"));
    expect(found).toEqual([
      "services[0].placementConstraints[0].expression: is required for type memberOf",
      'services[0].placementStrategy[0].field: "instanceId" is not allowed for type binpack; use "cpu" or "memory"',
    ]);
  });

  test("the legacy service role needs a load balancer", () => {
    expect(problems(svc("legacyServiceRoleArn: arn:aws:iam::123456789012:role/ecsServiceRole"))).toEqual([
      expect.stringMatching(/^services\[0\]\.legacyServiceRoleArn: .* this service has none$/),
    ]);
  });
});

describe("tasks fit on a host", () => {
  const small = "capacity:\n  instanceType: t3.small\n";

  test("task memory over the instance type's memory is an error", () => {
    expect(problems(svc("memory: 4096", c(), small))).toEqual([
      "services[0].memory: 4096 MiB does not fit on t3.small (2048 MiB, of which the ECS agent registers a little less); use a smaller task or a larger capacity.instanceType",
    ]);
  });

  test("containers' reservations together over the instance type's memory are an error", () => {
    const big = (n: string) => `  - name: ${n}\n    image: nginx:1.27\n    memoryReservation: 1500`;
    expect(problems(svc("", `${big("a")}\n${big("b")}`, small))).toEqual([
      "services[0].containers: together reserve 3000 MiB, which does not fit on t3.small (2048 MiB, of which the ECS agent registers a little less)",
    ]);
  });

  test("unknown instance types are not checked", () => {
    expect(instanceTypeSize("x9z.huge")).toBeUndefined();
    expect(problems(svc("memory: 900000", c(), "capacity:\n  instanceType: x9z.huge\n"))).toEqual([]);
  });

  test("the table knows arm and x86 sizes", () => {
    expect(instanceTypeSize("m7g.2xlarge")).toEqual({ vcpus: 8, memoryMiB: 32768 });
    expect(instanceTypeSize("c6i.large")).toEqual({ vcpus: 2, memoryMiB: 4096 });
    expect(instanceTypeSize("r6i.4xlarge")).toEqual({ vcpus: 16, memoryMiB: 131072 });
  });
});
