import { runTaskCommand } from "../../../modules/run-task-command";
import { configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

const SERVICES = `services:
  - name: web
    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 128
`;

function synth(tasks: string) {
  return synthJson(configFrom(minimalYaml(`${SERVICES}tasks:\n${tasks}`)));
}

describe("scheduled tasks", () => {
  const json = synth(`  - name: nightly
    schedule: cron(0 3 * * ? *)
    timezone: Asia/Tokyo
    fromService: web
    overrides:
      web: { command: [sh, -c, "echo hi"], environment: { MODE: nightly } }
`);
  const schedule = resources(json, "aws_scheduler_schedule")["schedule-nightly_schedule"];

  test("runs at the configured time, with no flexible window", () => {
    expect(schedule).toEqual(
      expect.objectContaining({
        name: "demo-nightly",
        schedule_expression: "cron(0 3 * * ? *)",
        schedule_expression_timezone: "Asia/Tokyo",
        flexible_time_window: { mode: "OFF" },
      }),
    );
  });

  // CreateSchedule converts a templated ECS target's `input` to the RunTask TaskOverride and
  // rejects one it cannot convert ("Unable to convert target input to TaskOverride",
  // https://github.com/boto/boto3/issues/4370); EventBridge rules' ECS targets read their input the
  // same way (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html).
  test("carries the overrides as a TaskOverride in the templated ECS target's input", () => {
    expect(schedule.target).toEqual(
      expect.objectContaining({
        arn: "${aws_ecs_cluster.cluster.arn}",
        ecs_parameters: {
          task_definition_arn: "${aws_ecs_task_definition.svc-web_task.arn}",
          task_count: 1,
          capacity_provider_strategy: [{ capacity_provider: "${aws_ecs_capacity_provider.capacity_capacity-provider.name}", weight: 1, base: 0 }],
        },
      }),
    );
    expect(JSON.parse(schedule.target.input)).toEqual({
      containerOverrides: [{ name: "web", command: ["sh", "-c", "echo hi"], environment: [{ name: "MODE", value: "nightly" }] }],
    });
  });

  test("never calls the universal aws-sdk:ecs:runTask target (whose input would need the SDK's PascalCase shape)", () => {
    const text = JSON.stringify(resources(json, "aws_scheduler_schedule"));
    expect(text).not.toContain("aws-sdk:ecs");
  });

  test("lets the scheduler run only that task definition family in this cluster and pass only its roles", () => {
    const role = resources(json, "aws_iam_role")["schedule-nightly_role"];
    const [trust] = JSON.parse(role.assume_role_policy).Statement;
    expect(trust.Principal).toEqual({ Service: "scheduler.amazonaws.com" });
    const policy = JSON.parse(resources(json, "aws_iam_role_policy")["schedule-nightly_policy"].policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Action: "ecs:RunTask",
        Resource: "${aws_ecs_task_definition.svc-web_task.arn_without_revision}:*",
        Condition: { ArnEquals: { "ecs:cluster": "${aws_ecs_cluster.cluster.arn}" } },
      }),
      expect.objectContaining({
        Action: "iam:PassRole",
        Resource: ["${aws_iam_role.svc-web_execution-role_role.arn}", "${aws_iam_role.svc-web_task-role_role.arn}"],
        // The ECS events role's PassRole statement is limited to ecs-tasks.amazonaws.com:
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html
        Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      }),
    ]);
  });

  // The Scheduler execution role's trust policy with confused-deputy keys: aws:SourceAccount and
  // aws:SourceArn of the schedule group, which the Scheduler sends when it assumes the role.
  // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
  test("lets only the Scheduler of this account and the default schedule group assume its role", () => {
    const [trust] = JSON.parse(resources(json, "aws_iam_role")["schedule-nightly_role"].assume_role_policy).Statement;
    expect(trust.Condition).toEqual({
      StringEquals: {
        "aws:SourceAccount": "${data.aws_caller_identity.caller-identity.account_id}",
        "aws:SourceArn": "arn:aws:scheduler:eu-west-1:${data.aws_caller_identity.caller-identity.account_id}:schedule-group/default",
      },
    });
    expect(json.data.aws_caller_identity).toEqual({ "caller-identity": {} });
  });

  test("names the schedule group with the region's partition", () => {
    const cn = synthJson(
      configFrom(minimalYaml(`${SERVICES}tasks:\n  - name: hourly\n    schedule: rate(1 hour)\n    fromService: web\n`).replace("region: eu-west-1", "region: cn-north-1")),
    );
    const [trust] = JSON.parse(resources(cn, "aws_iam_role")["schedule-hourly_role"].assume_role_policy).Statement;
    expect(trust.Condition.StringEquals["aws:SourceArn"]).toMatch(/^arn:aws-cn:scheduler:cn-north-1:/);
  });
});

describe("tasks with their own containers", () => {
  const json = synth(`  - name: migrate
    containers:
      - name: migrate
        image: busybox:1.36
        memoryReservation: 64
        command: [echo, migrate]
`);

  test("get a task definition, log group and roles of their own", () => {
    const definition = resources(json, "aws_ecs_task_definition")["task-migrate_task"];
    expect(definition).toEqual(expect.objectContaining({ family: "demo-task-migrate", network_mode: "bridge" }));
    const [container] = JSON.parse(definition.container_definitions);
    expect(container.logConfiguration.options).toEqual({
      "awslogs-group": "${aws_cloudwatch_log_group.task-migrate_logs.name}",
      "awslogs-region": "eu-west-1",
      "awslogs-stream-prefix": "task-migrate",
    });
    expect(resources(json, "aws_cloudwatch_log_group")["task-migrate_logs"]).toEqual({ name: "/ecs/demo/task-migrate", retention_in_days: 30 });
  });

  test("without a schedule, output a ready aws ecs run-task command with an overrides placeholder", () => {
    expect(json.output.run_task_migrate.value).toBe(
      "aws ecs run-task --region eu-west-1 --cluster ${aws_ecs_cluster.cluster.name} --task-definition ${aws_ecs_task_definition.task-migrate_task.family} " +
        "--capacity-provider-strategy 'capacityProvider=${aws_ecs_capacity_provider.capacity_capacity-provider.name},weight=1,base=0' --count 1 --started-by run-task-command " +
        `--overrides '{"containerOverrides":[{"name":"migrate","command":["CHANGE-ME"],"environment":[{"name":"NAME","value":"value"}]}]}'`,
    );
    expect(resources(json, "aws_scheduler_schedule")).toEqual({});
  });
});

describe("runTaskCommand", () => {
  test("puts configured overrides in the command, shell-quoted", () => {
    const command = runTaskCommand({
      region: "ap-northeast-1",
      cluster: "demo",
      taskDefinition: "demo-web",
      capacityProvider: "hosts-demo",
      count: 2,
      overrides: { web: { command: ["echo", "it's"] } },
      placeholderContainer: "web",
    });
    expect(command).toBe(
      "aws ecs run-task --region ap-northeast-1 --cluster demo --task-definition demo-web --capacity-provider-strategy capacityProvider=hosts-demo,weight=1,base=0 --count 2 --started-by run-task-command " +
        `--overrides '{"containerOverrides":[{"name":"web","command":["echo","it'"'"'s"]}]}'`,
    );
  });
});

describe("task config errors", () => {
  test.each([
    ["  - name: a\n    fromService: api\n", "tasks[0].fromService", /"api" is not a service in services; allowed: "web"/],
    ["  - name: a\n", "tasks[0]", /exactly one of fromService .* and containers/],
    ["  - name: a\n    fromService: web\n    overrides: { worker: { command: [x] } }\n", "tasks[0].overrides.worker", /"worker" is not a container of this task; allowed: "web"/],
    ["  - name: a\n    fromService: web\n    schedule: every day\n", "tasks[0].schedule", /"every day" is not a schedule expression like "cron/],
    [
      "  - name: a\n    fromService: web\n    schedule: rate(1 hours)\n",
      "tasks[0].schedule",
      /"rate\(1 hours\)" is not a rate\(\) expression with a singular unit for 1, like rate\(1 hour\)/,
    ],
    ["  - name: a\n    fromService: web\n    schedule: rate(5 minute)\n", "tasks[0].schedule", /plural unit for 5/],
    ["  - name: a\n    fromService: web\n    timezone: Mars/Olympus\n", "tasks[0].timezone", /"Mars\/Olympus" is not a known IANA time zone/],
    ["  - name: a\n    fromService: web\n    cpu: 256\n", "tasks[0].cpu", /cannot be set with fromService/],
  ])("rejects %j", (yaml, path, message) => {
    expect(() => configFrom(minimalYaml(`${SERVICES}tasks:\n${yaml}`))).toThrow(expect.objectContaining({ issues: [{ path, message: expect.stringMatching(message) }] }));
  });

  test("rejects a schedule name longer than 64 characters", () => {
    const cluster = "c".repeat(32);
    const task = "t".repeat(32);
    const yaml = minimalYaml(`${SERVICES}tasks:\n  - name: ${task}\n    fromService: web\n    schedule: rate(1 day)\n`).replace("name: demo", `name: ${cluster}`);
    expect(() => configFrom(yaml)).toThrow(
      expect.objectContaining({
        issues: [
          {
            path: "tasks[0].name",
            message: expect.stringMatching(/makes the name "c{32}-t{32}", which is not an EventBridge Scheduler schedule name of 1 to 64 characters \(this one has 65\)/),
          },
        ],
      }),
    );
  });
});

describe("service logs", () => {
  const logs = (yaml: string) =>
    resources(
      synthJson(configFrom(minimalYaml(`services:\n  - name: web\n    containers:\n      - { name: web, image: "nginx:1.27", memoryReservation: 128 }\n${yaml}`))),
      "aws_cloudwatch_log_group",
    )["svc-web_logs"];

  test("keep 30 days in /ecs/<cluster>/<service> by default, without a KMS key", () => {
    expect(logs("")).toEqual({ name: "/ecs/demo/web", retention_in_days: 30 });
  });

  test("never expire only when retentionInDays is 0, and encrypt with the given KMS key", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    expect(logs(`    logs: { retentionInDays: 0, kmsKeyArn: "${key}" }\n`)).toEqual({ name: "/ecs/demo/web", retention_in_days: 0, kms_key_id: key });
  });

  test("name streams <prefix>/<container>/<task-id> with the service name as prefix", () => {
    const json = synthJson(configFrom(minimalYaml(SERVICES)));
    const [container] = JSON.parse(resources(json, "aws_ecs_task_definition")["svc-web_task"].container_definitions);
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": "${aws_cloudwatch_log_group.svc-web_logs.name}", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web" },
    });
  });
});
