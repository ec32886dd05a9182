import { unknownIamActions } from "../../rules/iam-actions";
import { configFrom, minimalYaml, resources, synthJson } from "../helpers/synth";

function synthCapacity(capacity: string): any {
  return synthJson(configFrom(minimalYaml(`capacity:\n${capacity}`)));
}
const drained = () => synthCapacity("  managedDraining: false\n");
const statements = (json: any) => JSON.parse(resources(json, "aws_iam_role_policy")["drain_policy"].policy).Statement;

describe("DrainHook", () => {
  test("is added by default exactly when managed draining is off", () => {
    expect(Object.keys(resources(drained(), "aws_lambda_function"))).toEqual(["drain_function"]);
    expect(resources(synthCapacity("  managedDraining: true\n"), "aws_lambda_function")).toEqual({});
    expect(Object.keys(resources(synthCapacity("  managedDraining: true\n  drainOnScaleIn: true\n"), "aws_lambda_function"))).toEqual(["drain_function"]);
    expect(resources(synthCapacity("  managedDraining: false\n  drainOnScaleIn: false\n"), "aws_autoscaling_lifecycle_hook")).toEqual({});
  });

  test("holds terminating hosts with a lifecycle hook that continues by default", () => {
    expect(resources(drained(), "aws_autoscaling_lifecycle_hook")["drain_hook"]).toEqual(
      expect.objectContaining({
        autoscaling_group_name: "${aws_autoscaling_group.capacity_group.name}",
        lifecycle_transition: "autoscaling:EC2_INSTANCE_TERMINATING",
        heartbeat_timeout: 1200,
        default_result: "CONTINUE",
      }),
    );
  });

  test("routes only this group's terminate lifecycle actions to the drain function", () => {
    const json = drained();
    expect(JSON.parse(resources(json, "aws_cloudwatch_event_rule")["drain_rule"].event_pattern)).toEqual({
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      detail: { AutoScalingGroupName: ["${aws_autoscaling_group.capacity_group.name}"] },
    });
    expect(resources(json, "aws_cloudwatch_event_target")["drain_target"].arn).toBe("${aws_lambda_function.drain_function.arn}");
    expect(resources(json, "aws_lambda_permission")["drain_invoke"]).toEqual(
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        source_arn: "${aws_cloudwatch_event_rule.drain_rule.arn}",
      }),
    );
  });

  test("runs the drain-instance handler with the cluster and group names and its own log group", () => {
    const json = drained();
    expect(resources(json, "aws_lambda_function")["drain_function"]).toEqual(
      expect.objectContaining({
        handler: "index.handler",
        runtime: "nodejs22.x",
        timeout: 900,
        source_code_hash: expect.any(String),
        filename: expect.stringContaining("drain"),
        environment: { variables: { CLUSTER_NAME: "demo", ASG_NAME: "${aws_autoscaling_group.capacity_group.name}" } },
        logging_config: { log_format: "Text", log_group: "${aws_cloudwatch_log_group.drain_logs.name}" },
      }),
    );
    expect(resources(json, "aws_cloudwatch_log_group")["drain_logs"]).toEqual(expect.objectContaining({ name: "/aws/lambda/demo-drain-instance", retention_in_days: 30 }));
    expect(resources(json, "aws_lambda_function_event_invoke_config")["drain_retries"]).toEqual(expect.objectContaining({ maximum_retry_attempts: 2 }));
  });

  test("grants only the drain actions, scoped to this cluster, its container instances and this group", () => {
    const byAction = Object.fromEntries(statements(drained()).flatMap((s: any) => [s.Action].flat().map((a: string) => [a, s.Resource])));
    expect(byAction).toEqual({
      "ecs:ListContainerInstances": "${aws_ecs_cluster.cluster.arn}",
      "ecs:DescribeContainerInstances": "arn:aws:ecs:eu-west-1:${data.aws_caller_identity.drain_account.account_id}:container-instance/demo/*",
      "ecs:UpdateContainerInstancesState": "arn:aws:ecs:eu-west-1:${data.aws_caller_identity.drain_account.account_id}:container-instance/demo/*",
      "autoscaling:CompleteLifecycleAction": "${aws_autoscaling_group.capacity_group.arn}",
      "autoscaling:RecordLifecycleActionHeartbeat": "${aws_autoscaling_group.capacity_group.arn}",
      "logs:CreateLogStream": "${aws_cloudwatch_log_group.drain_logs.arn}:*",
      "logs:PutLogEvents": "${aws_cloudwatch_log_group.drain_logs.arn}:*",
    });
  });

  test("uses only IAM actions that exist", async () => {
    expect(await unknownIamActions(resources(drained(), "aws_iam_role_policy")["drain_policy"].policy)).toEqual([]);
  });

  test("stops standalone tasks only with standaloneTasks: stop (env var and task permissions)", () => {
    const ACCOUNT = "${data.aws_caller_identity.drain_account.account_id}";
    const inCluster = { ArnEquals: { "ecs:cluster": "${aws_ecs_cluster.cluster.arn}" } };
    const base = statements(drained());
    for (const json of [drained(), synthCapacity("  managedDraining: false\n  drainHook:\n    standaloneTasks: wait\n")]) {
      expect(resources(json, "aws_lambda_function")["drain_function"].environment.variables).not.toHaveProperty("STANDALONE_TASKS");
      const actions = statements(json).flatMap((s: any) => [s.Action].flat());
      expect(actions.filter((a: string) => ["ecs:ListTasks", "ecs:DescribeTasks", "ecs:StopTask"].includes(a))).toEqual([]);
    }

    const json = synthCapacity("  managedDraining: false\n  drainHook:\n    standaloneTasks: stop\n");
    expect(resources(json, "aws_lambda_function")["drain_function"].environment.variables).toEqual({
      CLUSTER_NAME: "demo",
      ASG_NAME: "${aws_autoscaling_group.capacity_group.name}",
      STANDALONE_TASKS: "stop",
    });
    const stop = statements(json);
    expect(stop).toHaveLength(base.length + 2);
    expect(stop).toEqual(expect.arrayContaining(base));
    expect(stop.filter((s: any) => !base.some((b: any) => b.Sid === s.Sid))).toEqual([
      {
        Sid: "FindTasks",
        Effect: "Allow",
        Action: "ecs:ListTasks",
        Resource: `arn:aws:ecs:eu-west-1:${ACCOUNT}:container-instance/demo/*`,
        Condition: inCluster,
      },
      {
        Sid: "StopStandaloneTasks",
        Effect: "Allow",
        Action: ["ecs:DescribeTasks", "ecs:StopTask"],
        Resource: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/demo/*`,
        Condition: inCluster,
      },
    ]);
  });

  test("uses only IAM actions that exist in stop mode", async () => {
    const json = synthCapacity("  managedDraining: false\n  drainHook:\n    standaloneTasks: stop\n");
    expect(await unknownIamActions(resources(json, "aws_iam_role_policy")["drain_policy"].policy)).toEqual([]);
  });

  test("rejects an unknown standaloneTasks mode with its path", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainHook:\n    standaloneTasks: kill\n"))).toThrow(
      'capacity.drainHook.standaloneTasks: "kill" is not one of "wait", "stop"',
    );
  });

  test("rejects a heartbeat timeout that a retried drain could outlive", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainHook:\n    heartbeatTimeoutSeconds: 600\n    functionTimeoutSeconds: 900\n"))).toThrow(
      "capacity.drainHook.heartbeatTimeoutSeconds: 600 must be greater than drainHook.functionTimeoutSeconds (900) + 120 s",
    );
  });
});
