/**
 * Names AWS refuses, produced from config names: a config error naming the field and value.
 */
import { generatedNames } from "../../../config/checks/names";
import { configFrom, minimalYaml, removeSynthFolders, synthToDisk } from "../../helpers/synth";
import { problems } from "../../helpers/services";

afterAll(removeSynthFolders);

describe("generated names", () => {
  // "must not begin with internal-": https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
  test("a cluster called internal-apps would name its ALB internal-apps-public: an error at the cluster name", () => {
    const yaml = minimalYaml("loadBalancers:\n  - name: public\n").replace("name: demo", "name: internal-apps");
    expect(problems(yaml)).toEqual([
      'name: "internal-apps" makes the name "internal-apps-public", which is not an Application Load Balancer name: AWS reserves the prefix "internal-"',
    ]);
  });

  test("a load balancer whose own name is the ALB name is blamed itself", () => {
    const yaml = minimalYaml(`loadBalancers:\n  - name: internal-${"x".repeat(23)}\n`);
    expect(problems(yaml)).toEqual([`loadBalancers[0].name: "internal-${"x".repeat(23)}" is not an Application Load Balancer name: AWS reserves the prefix "internal-"`]);
  });

  // "Constraints: ... Cannot start with sg-": https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  test("a cluster called sg would name its host security group sg-hosts-", () => {
    const yaml = minimalYaml().replace("name: demo", "name: sg");
    expect(problems(yaml)).toEqual(['name: "sg" makes the name prefix "sg-hosts-", which is not a security group name: AWS reserves the prefix "sg-"']);
  });

  // "Log group names can't start with the string aws/": https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  test("a log group name starting with aws/ is refused", () => {
    const yaml = minimalYaml(`services:\n  - name: web\n    logs: { groupName: aws/web }\n    containers: [{ name: web, image: "nginx:1.27", memoryReservation: 64 }]\n`);
    expect(problems(yaml)).toEqual(['services[0].logs.groupName: "aws/web" is not a CloudWatch Logs log group name: AWS reserves the prefix "aws/"']);
  });

  // "The name can't be prefixed with aws, ecs, or fargate": https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
  test("a capacity provider strategy cannot name a provider AWS would never create", () => {
    const yaml = minimalYaml(
      `services:\n  - name: web\n    capacityProviderStrategy: [{ capacityProvider: ecs-spot }]\n    containers: [{ name: web, image: "nginx:1.27", memoryReservation: 64 }]\n`,
    );
    expect(problems(yaml)).toEqual(['services[0].capacityProviderStrategy[0].capacityProvider: "ecs-spot" is not a capacity provider name: AWS reserves the prefix "ecs"']);
  });

  test("each generated name is the name the synthesized output gives the resource", () => {
    const config = configFrom(
      minimalYaml(`capacity: { drainOnScaleIn: true, managedDraining: false }
alerts: {}
loadBalancers:
  - name: public
services:
  - name: web
    containers: [{ name: web, image: "nginx:1.27", memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: public }
tasks:
  - name: nightly
    schedule: cron(0 3 * * ? *)
    containers: [{ name: job, image: "busybox:1.36", memoryReservation: 32 }]
`),
    );
    const [stack] = synthToDisk(config);
    const output = new Set<string>();
    for (const resources of Object.values<any>(stack.json.resource)) {
      for (const r of Object.values<any>(resources)) {
        for (const key of ["name", "name_prefix", "family", "function_name"]) if (typeof r[key] === "string") output.add(r[key]);
      }
    }
    const names = generatedNames(config);
    expect(names.length).toBeGreaterThan(20);
    expect(names.map((n) => n.name).filter((n) => !output.has(n))).toEqual([]);
  });
});
