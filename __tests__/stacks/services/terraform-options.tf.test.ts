/**
 * Service options the bundled examples do not use, through the real Terraform CLI: validate,
 * then plan and apply against the mock provider.
 */
import { configFrom, minimalYaml, removeSynthFolders, synthToDisk } from "../../helpers/synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "../../helpers/terraform";
import { planAssertions } from "../../helpers/expectations";
import { mockPlanAndApply } from "../../helpers/mock-plan";

afterAll(removeSynthFolders);

test("daemon, fixed host ports, launch type EC2, a legacy service role, service-linked role and multi-port targets pass terraform validate and a mock plan + apply", () => {
  assertTerraformInstalled();
  const config = configFrom(
    minimalYaml(`createServiceLinkedRole: true
loadBalancers:
  - name: public
services:
  - name: agent
    schedulingStrategy: DAEMON
    enableExecuteCommand: true
    containers:
      - name: agent
        image: busybox:1.36
        memoryReservation: 64
        portMappings: [{ containerPort: 8125, hostPort: 8125, protocol: udp }]
  - name: web
    desiredCount: 2
    ignoreTaskDefinitionChanges: true
    propagateTags: TASK_DEFINITION
    deployment: { minimumHealthyPercent: 50, maximumPercent: 100 }
    placementConstraints: [{ type: distinctInstance }, { type: memberOf, expression: "attribute:ecs.os-type == linux" }]
    placementStrategy: [{ type: spread, field: instanceId }]
    taskPlacementConstraints: ["attribute:ecs.instance-type =~ m6i.*"]
    launchType: EC2
    taskRole:
      managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
      statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:q"] }]
    volumes:
      - { name: logs, hostPath: /var/log/web }
      - { name: cache, docker: { scope: shared, autoprovision: true } }
    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 128
        portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 8080 }]
        healthCheck: { command: ["CMD-SHELL", "true"], startPeriodSeconds: 5 }
        mountPoints: [{ sourceVolume: logs, containerPath: /logs }, { sourceVolume: cache, containerPath: /cache }]
        links: ["side:s"]
      - name: side
        image: busybox:1.36
        memoryReservation: 32
    loadBalancers:
      - { name: public, containerPort: 80, priority: 1, stickinessSeconds: 60, pathPatterns: ["/a/*"] }
      - { name: public, containerPort: 8080, priority: 2, pathPatterns: ["/b/*"] }
  - name: legacy
    legacyServiceRoleArn: arn:aws:iam::123456789012:role/ecsServiceRole
    containers: [{ name: legacy, image: nginx:1.27, memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: public, priority: 3, pathPatterns: ["/c/*"] }
`),
  );
  for (const stack of synthToDisk(config)) {
    expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
    const r = runTerraformTest(stack.dir, "mock", mockPlanAndApply(planAssertions(config, stack.json)));
    if (!r.ok) throw new Error(r.output);
    expect(r.output).toMatch(/Success! 2 passed/);
  }
});

test("the longest names the config allows stay within AWS's name limits (terraform validate)", () => {
  assertTerraformInstalled();
  const long = `${"a".repeat(20)}-${"b".repeat(11)}`;
  const config = configFrom(`name: ${long}
region: eu-west-1
network:
  vpcId: vpc-0123456789abcdef0
  hostSubnetIds: [subnet-0aaaaaaaaaaaaaaa1]
  loadBalancerSubnetIds: [subnet-0bbbbbbbbbbbbbbb1, subnet-0bbbbbbbbbbbbbbb2]
capacity:
  managedDraining: false
  drainOnScaleIn: true
loadBalancers:
  - name: ${"p".repeat(32)}
  - name: ${"q".repeat(32)}
  - name: internal
alerts: {}
tasks:
  - name: ${"t".repeat(30)}
    containers: [{ name: job, image: busybox:1.36, memoryReservation: 32 }]
services:
  - name: ${"s".repeat(32)}
    containers: [{ name: ${"c".repeat(32)}, image: nginx:1.27, memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: ${"p".repeat(32)} }
`);
  const [stack] = synthToDisk(config);
  const albNames = Object.values<any>(stack.json.resource.aws_lb).map((lb) => lb.name);
  expect(new Set(albNames).size).toBe(3);
  expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
});
