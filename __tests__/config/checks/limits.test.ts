import { loadBalancerName } from "../../../stacks/ecs-stack";
import { problems, serviceYaml } from "../../helpers/services";

const LB = "loadBalancers:\n  - name: public\n";
const web = (ports: string, extra = "") => serviceYaml(`containers:\n  - name: web\n    image: nginx\n    memoryReservation: 64\n    portMappings: ${ports}\n${extra}`, LB);

describe("AWS limits the config checks before Terraform or AWS would", () => {
  test("refuses host ports ECS reserves on its hosts", () => {
    expect(problems(web("[{ containerPort: 80, hostPort: 51678 }]", "deployment: { minimumHealthyPercent: 0, maximumPercent: 100 }"))).toContain(
      "services[0].containers[0].portMappings[0].hostPort: 51678 is reserved on ECS hosts (SSH, Docker, the ECS agent: 22, 2375, 2376, 51678, 51679, 51680); use another port or hostPort 0",
    );
  });

  test("refuses a fixed host port in the ephemeral range dynamic ports come from", () => {
    expect(problems(web("[{ containerPort: 80, hostPort: 40000 }]", "deployment: { minimumHealthyPercent: 0, maximumPercent: 100 }"))).toEqual([
      expect.stringMatching(/^services\[0\]\.containers\[0\]\.portMappings\[0\]\.hostPort: 40000 lies in the ephemeral range/),
    ]);
  });

  test("refuses the same fixed host port on two containers of one task", () => {
    const yaml = serviceYaml(
      `deployment: { minimumHealthyPercent: 0, maximumPercent: 100 }
containers:
  - { name: a, image: nginx, memoryReservation: 64, portMappings: [{ containerPort: 80, hostPort: 8080 }] }
  - { name: b, image: nginx, memoryReservation: 64, portMappings: [{ containerPort: 81, hostPort: 8080 }] }`,
    );
    expect(problems(yaml)).toEqual(['services[0].containers[1].portMappings[0].hostPort: 8080 (tcp) is also the host port of container "a" in this task']);
  });

  test("refuses more than 5 condition values on one listener rule", () => {
    const yaml = web("[{ containerPort: 80 }]", "loadBalancer: { name: public, hostHeaders: [a.example.com, b.example.com, c.example.com, d.example.com, e.example.com] }");
    expect(problems(yaml)).toEqual(["services[0].loadBalancer.hostHeaders: 5 host headers and 1 path patterns make 6 condition values; a listener rule allows 5 in total"]);
  });

  test("refuses the legacy service role with several target groups (ECS needs its service-linked role)", () => {
    const yaml = web(
      "[{ containerPort: 80 }, { containerPort: 81 }]",
      `legacyServiceRoleArn: arn:aws:iam::123456789012:role/ecsServiceRole
loadBalancers:
  - { name: public, containerPort: 80, priority: 1, pathPatterns: ["/a/*"] }
  - { name: public, containerPort: 81, priority: 2, pathPatterns: ["/b/*"] }`,
    );
    expect(problems(yaml)).toEqual([expect.stringMatching(/^services\[0\]\.legacyServiceRoleArn: cannot be used with 2 target groups/)]);
  });

  test("refuses a task named like a service", () => {
    const yaml = web("[{ containerPort: 80 }]", "loadBalancer: { name: public }").replace(
      "services:",
      "tasks:\n  - name: web\n    containers: [{ name: job, image: busybox, memoryReservation: 32 }]\nservices:",
    );
    expect(problems(yaml)).toEqual(['tasks[0].name: "web" is already the name of a service; task and service names must differ']);
  });

  test("gives every load balancer of a cluster its own name within 32 characters", () => {
    const cluster = "c".repeat(32);
    const names = ["public", "internal", "p".repeat(32)].map((lb) => loadBalancerName(cluster, lb));
    expect(names).toEqual([`${"c".repeat(25)}-public`, `${"c".repeat(23)}-internal`, "p".repeat(32)]);
    expect(names.every((n) => n.length <= 32)).toBe(true);
  });
});
