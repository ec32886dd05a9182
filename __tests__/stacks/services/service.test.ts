import { minimalYaml } from "../../helpers/synth";
import { inlinePolicies, only, serviceYaml, synth } from "../../helpers/services";
import { resources } from "../../helpers/synth";

const app = `
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
`;

describe("EcsService", () => {
  test("runs desiredCount tasks on the cluster's capacity provider, spread over zones then binpacked by default", () => {
    const svc = only(synth(serviceYaml(`desiredCount: 3\n${app}`)), "aws_ecs_service");
    expect(svc).toEqual(
      expect.objectContaining({
        desired_count: 3,
        scheduling_strategy: "REPLICA",
        capacity_provider_strategy: [expect.objectContaining({ weight: 1, base: 0 })],
        ordered_placement_strategy: [
          { type: "spread", field: "attribute:ecs.availability-zone" },
          { type: "binpack", field: "memory" },
        ],
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        deployment_circuit_breaker: { enable: true, rollback: true },
        propagate_tags: "SERVICE",
      }),
    );
    expect(svc.launch_type).toBeUndefined();
    expect(svc.iam_role).toBeUndefined();
  });

  test("uses launch type EC2 instead of a capacity provider when asked", () => {
    const svc = only(synth(serviceYaml(`launchType: EC2\n${app}`)), "aws_ecs_service");
    expect(svc.launch_type).toBe("EC2");
    expect(svc.capacity_provider_strategy).toBeUndefined();
  });

  test("runs a DAEMON service on launch type EC2 with no desired count, placement strategy or maximum percent", () => {
    const svc = only(synth(serviceYaml(`schedulingStrategy: DAEMON\n${app}`)), "aws_ecs_service");
    expect(svc).toEqual(expect.objectContaining({ scheduling_strategy: "DAEMON", launch_type: "EC2", deployment_minimum_healthy_percent: 0 }));
    for (const key of ["desired_count", "ordered_placement_strategy", "capacity_provider_strategy", "deployment_maximum_percent"]) {
      expect(svc[key]).toBeUndefined();
    }
  });

  test("takes a custom placement strategy and placement constraints", () => {
    const svc = only(
      synth(
        serviceYaml(`
placementStrategy: [{ type: spread, field: instanceId }, { type: binpack, field: cpu }]
placementConstraints: [{ type: distinctInstance }, { type: memberOf, expression: "attribute:ecs.os-type == linux" }]
${app}`),
      ),
      "aws_ecs_service",
    );
    expect(svc.ordered_placement_strategy).toEqual([
      { type: "spread", field: "instanceId" },
      { type: "binpack", field: "cpu" },
    ]);
    expect(svc.placement_constraints).toEqual([{ type: "distinctInstance" }, { type: "memberOf", expression: "attribute:ecs.os-type == linux" }]);
  });

  test("sets deployment percentages, circuit breaker without rollback and the health check grace period", () => {
    const svc = only(
      synth(serviceYaml(`deployment: { minimumHealthyPercent: 50, maximumPercent: 150, rollback: false }\nhealthCheckGracePeriodSeconds: 120\n${app}`)),
      "aws_ecs_service",
    );
    expect(svc).toEqual(
      expect.objectContaining({
        deployment_minimum_healthy_percent: 50,
        deployment_maximum_percent: 150,
        deployment_circuit_breaker: { enable: true, rollback: false },
        health_check_grace_period_seconds: 120,
      }),
    );
  });

  test("enables ECS Exec and gives the task role exactly the ssmmessages actions it needs", () => {
    const json = synth(serviceYaml(`enableExecuteCommand: true\n${app}`));
    expect(only(json, "aws_ecs_service").enable_execute_command).toBe(true);
    const [policy] = inlinePolicies(json, "task-role");
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      }),
    );
  });

  test("gives the task role no inline policy without ECS Exec or statements", () => {
    expect(inlinePolicies(synth(serviceYaml(app)), "task-role")).toEqual([]);
  });

  test("propagates tags from the task definition when asked", () => {
    expect(only(synth(serviceYaml(`propagateTags: TASK_DEFINITION\n${app}`)), "aws_ecs_service").propagate_tags).toBe("TASK_DEFINITION");
  });

  test("leaves task_definition to CI when ignoreTaskDefinitionChanges is set", () => {
    const svc = only(synth(serviceYaml(`ignoreTaskDefinitionChanges: true\n${app}`)), "aws_ecs_service");
    expect(svc.lifecycle).toEqual({ ignore_changes: ["task_definition"] });
    expect(only(synth(serviceYaml(app)), "aws_ecs_service").lifecycle).toBeUndefined();
  });

  test("creates the ECS service-linked role only when asked, before the services", () => {
    expect(resources(synth(serviceYaml(app)), "aws_iam_service_linked_role")).toEqual({});
    const json = synth(minimalYaml(`createServiceLinkedRole: true\nservices:\n  - name: web\n${app.replace(/^/gm, "    ")}`));
    expect(only(json, "aws_iam_service_linked_role").aws_service_name).toBe("ecs.amazonaws.com");
    expect(only(json, "aws_ecs_service").depends_on).toContain("aws_iam_service_linked_role.ecs-service-linked-role");
  });

  test("attaches the task role's managed policies and inline statements from the config", () => {
    const json = synth(
      serviceYaml(`
taskRole:
  managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
  statements:
    - { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }
${app}`),
    );
    const attachments = Object.values<any>(resources(json, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(attachments).toContain("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    expect(inlinePolicies(json, "task-role")[0].Statement).toEqual([{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }]);
  });
});
