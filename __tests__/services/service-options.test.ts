import { Testing } from "cdktf";
import { EcsService } from "../../modules/ecs-service";
import { containerDefinitions, only, problems, serviceYaml, synth } from "./helpers";

const CONTAINER = "containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]";
const service = (yaml: string) => only(synth(serviceYaml(`${CONTAINER}\n${yaml}`)), "aws_ecs_service");

// Every argument below exists in hashicorp/aws 5.100.0 (`terraform providers schema -json`:
// aws_ecs_service has alarms, force_new_deployment, triggers, wait_for_steady_state and
// availability_zone_rebalancing).
describe("service deployment options", () => {
  test("leaves every option out by default", () => {
    const s = service("");
    for (const key of ["alarms", "force_new_deployment", "triggers", "wait_for_steady_state", "availability_zone_rebalancing"]) expect(s[key]).toBeUndefined();
    expect(containerDefinitions(synth(serviceYaml(CONTAINER)))[0].linuxParameters).toBeUndefined();
  });

  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
  test("deployment alarms fail the deployment and roll it back by default", () => {
    expect(service("deployment:\n  alarms: { names: [web-5xx, web-latency] }").alarms).toEqual({ alarm_names: ["web-5xx", "web-latency"], enable: true, rollback: true });
    expect(service("deployment:\n  alarms: { names: [web-5xx], rollback: false }").alarms).toEqual({ alarm_names: ["web-5xx"], enable: true, rollback: false });
  });

  test("forceNewDeployment with triggers redeploys when a trigger value changes", () => {
    const s = service("deployment:\n  forceNewDeployment: true\n  triggers: { ami: '2026-01' }");
    expect(s.force_new_deployment).toBe(true);
    expect(s.triggers).toEqual({ ami: "2026-01" });
  });

  test("waitForSteadyState makes terraform apply wait for the service", () => {
    expect(service("deployment:\n  waitForSteadyState: true").wait_for_steady_state).toBe(true);
  });

  test("availabilityZoneRebalancing is sent as configured", () => {
    expect(service("availabilityZoneRebalancing: DISABLED").availability_zone_rebalancing).toBe("DISABLED");
    expect(service('availabilityZoneRebalancing: ENABLED\nplacementStrategy: [{ type: spread, field: "attribute:ecs.availability-zone" }]').availability_zone_rebalancing).toBe("ENABLED");
  });
});

// "To cleanup zombie processes, we recommend adding the initProcessEnabled flag to your task
// definition." https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
describe("ECS Exec", () => {
  test("turns on every container's init process", () => {
    const json = synth(serviceYaml(`containers:\n  - { name: app, image: nginx:1.27, memoryReservation: 128 }\n  - { name: side, image: busybox:1.36, memoryReservation: 32, essential: false }\nenableExecuteCommand: true`));
    expect(containerDefinitions(json).map((c) => c.linuxParameters)).toEqual([{ initProcessEnabled: true }, { initProcessEnabled: true }]);
  });
});

describe("service option config errors", () => {
  test.each([
    [
      "availabilityZoneRebalancing: ENABLED",
      /services\[0\]\.availabilityZoneRebalancing: "ENABLED" does not work with a binpack placement strategy \(the default placement/,
    ],
    ["availabilityZoneRebalancing: ENABLED\nplacementStrategy: [{ type: binpack, field: memory }]", /"ENABLED" does not work with a binpack placement strategy; set placementStrategy/],
    ["schedulingStrategy: DAEMON\nlaunchType: EC2\navailabilityZoneRebalancing: ENABLED", /"ENABLED" is not available for DAEMON services/],
    ["deployment:\n  triggers: { ami: '2026-01' }", /services\[0\]\.deployment\.triggers: need deployment\.forceNewDeployment: true/],
    ["availabilityZoneRebalancing: SOMETIMES", /services\[0\]\.availabilityZoneRebalancing: "SOMETIMES" is not one of "ENABLED", "DISABLED"/],
    ["deployment:\n  alarms: { names: [] }", /services\[0\]\.deployment\.alarms\.names/],
  ])("rejects %j", (yaml, message) => {
    expect(problems(serviceYaml(`${CONTAINER}\n${yaml}`))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  // "making the root file system read-only using the readonlyRootFilesystem task definition
  // parameter ... isn't supported" with ECS Exec: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  test("rejects a read-only root file system together with ECS Exec", () => {
    const yaml = serviceYaml("containers: [{ name: app, image: nginx:1.27, memoryReservation: 128, readonlyRootFilesystem: true }]\nenableExecuteCommand: true");
    expect(problems(yaml)).toEqual(["services[0].containers[0].readonlyRootFilesystem: true cannot be combined with enableExecuteCommand: the ECS Exec agent writes to the container's root file system"]);
  });

  test("the construct refuses triggers without forceNewDeployment and exec with read-only containers", () => {
    const base = { name: "web", clusterName: "demo", clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo", region: "eu-west-1", capacityProviderName: "cp" };
    const container = { name: "app", image: "nginx:1.27", memoryReservation: 128 };
    expect(() => Testing.synthScope((s) => void new EcsService(s, "svc", { ...base, containers: [container], triggers: { a: "1" } }))).toThrow(/need forceNewDeployment/);
    expect(() =>
      Testing.synthScope((s) => void new EcsService(s, "svc", { ...base, containers: [{ ...container, readonlyRootFilesystem: true }], enableExecuteCommand: true })),
    ).toThrow(/readonlyRootFilesystem containers \(app\)/);
  });
});
