/**
 * One set of task definition checks, used by services and by tasks with their own containers:
 * each case runs against both and expects the same problem at the owner's path.
 */
import { minimalYaml } from "../../helpers/synth";
import { problems } from "../../helpers/services";

const owners = [
  { owner: "service", at: "services[0]", yaml: (containers: string) => minimalYaml(`services:\n  - name: web\n    containers:\n${containers}`) },
  { owner: "task", at: "tasks[0]", yaml: (containers: string) => minimalYaml(`tasks:\n  - name: job\n    containers:\n${containers}`) },
];

const app = (extra = "") => `      - { name: app, image: "nginx:1.27", memoryReservation: 128${extra ? `, ${extra}` : ""} }\n`;
const side = (extra = "") => `      - { name: side, image: "busybox:1.36", memoryReservation: 32${extra ? `, ${extra}` : ""} }\n`;

describe.each(owners)("the containers of a $owner", ({ owner, at, yaml }) => {
  test("pass when they are consistent", () => {
    const health = 'healthCheck: { command: [CMD-SHELL, "exit 0"] }';
    expect(problems(yaml(app(`dependsOn: [{ containerName: side, condition: HEALTHY }], links: [side]`) + side(health)))).toEqual([]);
  });

  test("need memory or memoryReservation without task memory", () => {
    expect(problems(yaml(`      - { name: app, image: "nginx:1.27" }\n`))).toEqual([
      `${at}.containers[0]: container "app" needs memory or memoryReservation (MiB) when the ${owner} sets no task memory`,
    ]);
  });

  test("keep memoryReservation below memory", () => {
    expect(problems(yaml(`      - { name: app, image: "nginx:1.27", memory: 128, memoryReservation: 256 }\n`))).toEqual([
      `${at}.containers[0].memoryReservation: 256 must be less than memory (128)`,
    ]);
  });

  test("start a health check command with CMD or CMD-SHELL", () => {
    expect(problems(yaml(app('healthCheck: { command: [curl, "-f", "http://localhost/"] }')))).toEqual([
      `${at}.containers[0].healthCheck.command: starts with "curl"; it must start with "CMD" or "CMD-SHELL"`,
    ]);
  });

  test("keep ulimit soft limits at or below hard limits", () => {
    expect(problems(yaml(app("ulimits: [{ name: nofile, softLimit: 2048, hardLimit: 1024 }]")))).toEqual([
      `${at}.containers[0].ulimits[0].softLimit: 2048 must not be greater than hardLimit (1024)`,
    ]);
  });

  test("depend on, link to and take volumes from other containers of the same task definition only", () => {
    expect(problems(yaml(app("dependsOn: [{ containerName: db, condition: START }], links: [db], volumesFrom: [{ sourceContainer: app }]") + side()))).toEqual([
      `${at}.containers[0].dependsOn[0].containerName: "db" is not another container of this ${owner}; allowed: "side"`,
      `${at}.containers[0].links[0]: "db" does not name another container of this ${owner}; allowed: "side"`,
      `${at}.containers[0].volumesFrom[0].sourceContainer: "app" is not another container of this ${owner}; allowed: "side"`,
    ]);
  });

  // HEALTHY "requires that the dependent container has health checks configured":
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  test("wait for HEALTHY only on a container with a health check", () => {
    expect(problems(yaml(app("dependsOn: [{ containerName: side, condition: HEALTHY }]") + side()))).toEqual([
      `${at}.containers[0].dependsOn[0].condition: "HEALTHY" needs a healthCheck on container "side", which has none; add one or use "START"`,
    ]);
  });

  test("use a host port ECS does not reserve", () => {
    expect(problems(yaml(app("portMappings: [{ containerPort: 22, hostPort: 22 }]")))).toContain(
      `${at}.containers[0].portMappings[0].hostPort: 22 is reserved on ECS hosts (SSH, Docker, the ECS agent: 22, 2375, 2376, 51678, 51679, 51680); use another port or hostPort 0`,
    );
  });

  test("fit on one host of the instance type", () => {
    expect(problems(yaml(`      - { name: app, image: "nginx:1.27", memoryReservation: 9000 }\n`))).toEqual([
      `${at}.containers[0].memory: 9000 MiB does not fit on m6i.large (8192 MiB, of which the ECS agent registers a little less)`,
      `${at}.containers: together reserve 9000 MiB, which does not fit on m6i.large (8192 MiB, of which the ECS agent registers a little less)`,
    ]);
  });
});

describe("mount points", () => {
  test("of a service name one of its volumes", () => {
    const yaml = minimalYaml(
      `services:\n  - name: web\n    volumes: [{ name: data, hostPath: /data }]\n    containers:\n${app("mountPoints: [{ sourceVolume: cache, containerPath: /cache }]")}`,
    );
    expect(problems(yaml)).toEqual(['services[0].containers[0].mountPoints[0].sourceVolume: "cache" is not in services[0].volumes; allowed: "data"']);
  });

  test("of a task cannot be mounted: tasks have no volumes", () => {
    const yaml = minimalYaml(`tasks:\n  - name: job\n    containers:\n${app("mountPoints: [{ sourceVolume: cache, containerPath: /cache }]")}`);
    expect(problems(yaml)).toEqual(['tasks[0].containers[0].mountPoints[0].sourceVolume: "cache" cannot be mounted: a task has no volumes; remove the mount point']);
  });
});
