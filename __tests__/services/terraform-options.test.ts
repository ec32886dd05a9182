/**
 * Service options the bundled examples do not use, through the real Terraform CLI: validate,
 * then plan and apply against the mock provider.
 */
import { configFrom, minimalYaml, removeSynthFolders, synthToDisk } from "../helpers/synth";
import { assertTerraformInstalled, initAndValidate, runTerraformTest } from "../helpers/terraform";
import { planAssertions } from "../helpers/expectations";
import { mockPlanAndApply } from "../helpers/mock-plan";

afterAll(removeSynthFolders);

test("daemon, fixed host ports, launch type EC2, legacy role, service-linked role and multi-port targets pass terraform validate and a mock plan + apply", () => {
  assertTerraformInstalled();
  const config = configFrom(minimalYaml(`createServiceLinkedRole: true
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
    legacyServiceRoleArn: arn:aws:iam::123456789012:role/ecsServiceRole
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
`));
  for (const stack of synthToDisk(config)) {
    expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
    const r = runTerraformTest(stack.dir, "mock", mockPlanAndApply(planAssertions(config, stack.json)));
    if (!r.ok) throw new Error(r.output);
    expect(r.output).toMatch(/Success! 2 passed/);
  }
});
