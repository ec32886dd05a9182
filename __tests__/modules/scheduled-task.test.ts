import { awsName } from "../../config/validate/aws-names";
import { SCHEDULE_GROUP, ScheduledTask, ScheduledTaskProps } from "../../modules/scheduled-task";
import { block, stack, statements, synth } from "./helpers";

const props = (extra: Partial<ScheduledTaskProps> = {}): ScheduledTaskProps => ({
  name: "demo-nightly",
  region: "eu-west-1",
  clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo",
  scheduleExpression: "cron(0 3 * * ? *)",
  taskDefinition: { arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-web:7", arnWithoutRevision: "arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-web" },
  executionRoleArn: "arn:aws:iam::123456789012:role/demo-web-exec",
  taskRoleArn: "arn:aws:iam::123456789012:role/demo-web-task",
  capacityProviderName: "hosts-demo",
  ...extra,
});

function build(extra: Partial<ScheduledTaskProps> = {}) {
  const s = stack();
  const task = new ScheduledTask(s, "schedule", props(extra));
  return { s, task, json: synth(s) };
}

describe("ScheduledTask defaults", () => {
  const { task, json } = build();

  test("one task per run in UTC, exactly on time, enabled, on the given capacity provider, with no overrides", () => {
    expect(block(json, task.schedule)).toEqual(
      expect.objectContaining({
        name: "demo-nightly",
        schedule_expression: "cron(0 3 * * ? *)",
        schedule_expression_timezone: "UTC",
        flexible_time_window: { mode: "OFF" },
        state: "ENABLED",
      }),
    );
    expect(block(json, task.schedule).group_name).toBeUndefined();
    expect(block(json, task.schedule).target.ecs_parameters).toEqual({
      task_definition_arn: props().taskDefinition.arn,
      task_count: 1,
      capacity_provider_strategy: [{ capacity_provider: "hosts-demo", weight: 1, base: 0 }],
    });
    expect(block(json, task.schedule).target.input).toBeUndefined();
  });

  test("the account comes from the stack's one aws_caller_identity, shared with the stack's other schedules", () => {
    const s = stack();
    const a = new ScheduledTask(s, "a", props({ name: "demo-a" }));
    new ScheduledTask(s, "b", props({ name: "demo-b" }));
    const out = synth(s);
    expect(Object.keys(out.data.aws_caller_identity)).toEqual(["caller-identity"]);
    expect(statements(block(out, a.role).assume_role_policy)[0].Condition.StringEquals["aws:SourceAccount"]).toBe("${data.aws_caller_identity.caller-identity.account_id}");
  });
});

describe("ScheduledTask props", () => {
  // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
  test("accountId: used in the trust policy's confused-deputy keys, and no aws_caller_identity is read", () => {
    const { task, json } = build({ accountId: "111122223333" });
    expect(statements(block(json, task.role).assume_role_policy)[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333", "aws:SourceArn": `arn:aws:scheduler:eu-west-1:111122223333:schedule-group/${SCHEDULE_GROUP}` },
    });
    expect(json.data).toBeUndefined();
  });

  test("timezone and taskCount reach the schedule", () => {
    const { task, json } = build({ timezone: "Asia/Tokyo", taskCount: 3 });
    expect(block(json, task.schedule).schedule_expression_timezone).toBe("Asia/Tokyo");
    expect(block(json, task.schedule).target.ecs_parameters.task_count).toBe(3);
  });

  test("overrides become the input's containerOverrides, containers and variables sorted by name; empty overrides send no input", () => {
    const { task, json } = build({ overrides: { worker: { environment: { B: "2", A: "1" } }, app: { command: ["run", "--once"] } } });
    expect(JSON.parse(block(json, task.schedule).target.input)).toEqual({
      containerOverrides: [
        { name: "app", command: ["run", "--once"] },
        {
          name: "worker",
          environment: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
        },
      ],
    });
    const none = build({ overrides: {} });
    expect(block(none.json, none.task.schedule).target.input).toBeUndefined();
  });

  // Schedule names: up to 64 of [0-9a-zA-Z-_.] (API_CreateSchedule); IAM role name_prefix:
  // config/validate/aws-names.ts (64 characters with Terraform's 26).
  test("a 64-character name is kept for the schedule and shortened for the role's name prefix", () => {
    const name = `${"n".repeat(30)}-${"m".repeat(33)}`;
    const { task, json } = build({ name });
    expect(awsName("schedule", block(json, task.schedule).name)).toBeUndefined();
    expect(block(json, task.role).name_prefix).toBe(`${"n".repeat(28)}-sch-`);
    expect(awsName("iamRole", block(json, task.role).name_prefix, { prefix: true })).toBeUndefined();
  });
});

describe("ScheduledTask refuses at synth (node.addValidation)", () => {
  test.each([
    // CreateSchedule Name: 1 to 64 characters, pattern [0-9a-zA-Z-_.]+
    // (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
    [{ name: "" }, 'name ("") must be 1 to 64 letters, digits and -_.'],
    [{ name: "demo/nightly" }, 'name ("demo/nightly") must be 1 to 64 letters, digits and -_.'],
    [{ name: "n".repeat(65) }, "must be 1 to 64 letters, digits and -_."],
    [{ scheduleExpression: "0 3 * * ? *" }, 'scheduleExpression ("0 3 * * ? *") must be cron(...), rate(...) or at(...)'],
    [{ scheduleExpression: "rate()" }, "must be cron(...), rate(...) or at(...)"],
    // EcsParameters TaskCount: 1 to 10 (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_EcsParameters.html).
    [{ taskCount: 0 }, "taskCount (0) must be an integer from 1 to 10"],
    [{ taskCount: 11 }, "taskCount (11) must be an integer from 1 to 10"],
    [{ taskCount: 1.5 }, "taskCount (1.5) must be an integer from 1 to 10"],
  ])("%j", (extra, message) => {
    expect(new ScheduledTask(stack(), "schedule", props(extra)).node.validate()).toEqual([expect.stringContaining(message)]);
  });

  test("accepts names of letters, digits and -_. and at() schedules, 10 tasks per run", () => {
    expect(new ScheduledTask(stack(), "schedule", props({ name: "Demo_nightly-v1.2", scheduleExpression: "at(2030-01-01T03:00:00)", taskCount: 10 })).node.validate()).toEqual([]);
  });
});
