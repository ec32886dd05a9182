import { unknownIamActions } from "../../../rules/iam-actions";
import { configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

function synthCapacity(capacity: string, rest = ""): any {
  return synthJson(configFrom(minimalYaml(`capacity:\n${capacity}${rest}`)));
}
const drained = () => synthCapacity("  managedDraining: false\n");
const statements = (json: any, name = "drain_policy") => JSON.parse(resources(json, "aws_iam_role_policy")[name].policy).Statement;
const byAction = (json: any) => Object.fromEntries(statements(json).flatMap((s: any) => [s.Action].flat().map((a: string) => [a, s.Resource])));

const ACCOUNT = "${data.aws_caller_identity.drain_account.account_id}";

describe("DrainHook", () => {
  const json = drained();
  const queueKey = Object.keys(resources(json, "aws_sqs_queue")).find((k) => !k.includes("dlq"))!;
  const dlqKey = Object.keys(resources(json, "aws_sqs_queue")).find((k) => k.includes("dlq"))!;
  const queueArn = `\${aws_sqs_queue.${queueKey}.arn}`;

  test("is added by default exactly when managed draining is off", () => {
    expect(Object.keys(resources(json, "aws_lambda_function"))).toEqual(["drain_function"]);
    expect(resources(synthCapacity("  managedDraining: true\n"), "aws_lambda_function")).toEqual({});
    expect(resources(synthCapacity("  managedDraining: false\n  drainOnScaleIn: false\n"), "aws_autoscaling_lifecycle_hook")).toEqual({});
  });

  // AWS CDK never runs its drain hook next to managed draining: aws-cdk-lib/aws-ecs/lib/cluster.ts,
  // Cluster.addAsgCapacityProvider sets `taskDrainTime: 0` when enableManagedTerminationProtection
  // or enableManagedDraining is on. Two drains of one host race: here it is a config error.
  test("refuses drainOnScaleIn next to capacity-provider managed draining (two drains of one host)", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: true\n  drainOnScaleIn: true\n"))).toThrow(
      expect.objectContaining({ issues: [{ path: "capacity.drainOnScaleIn", message: expect.stringMatching(/^true conflicts with capacity.managedDraining: true/) }] }),
    );
    expect(() => configFrom(minimalYaml("capacity:\n  drainOnScaleIn: true\n"))).toThrow(/capacity.drainOnScaleIn: true conflicts/);
  });

  // Unlike AWS CDK, managed termination protection keeps the hook: it only stops scale-in of hosts
  // with tasks; instance refresh (scaleInProtectedInstances: Refresh) and health replacement still
  // terminate hosts that run tasks.
  test("keeps the drain hook with managed termination protection", () => {
    const protectedJson = synthCapacity("  managedDraining: false\n  managedTerminationProtection: true\n");
    expect(Object.keys(resources(protectedJson, "aws_autoscaling_lifecycle_hook"))).toEqual(["drain_hook"]);
  });

  test("holds terminating hosts with a lifecycle hook that continues by default", () => {
    expect(resources(json, "aws_autoscaling_lifecycle_hook")["drain_hook"]).toEqual(
      expect.objectContaining({
        name: "drain-ecs-tasks",
        autoscaling_group_name: "${aws_autoscaling_group.capacity_group.name}",
        lifecycle_transition: "autoscaling:EC2_INSTANCE_TERMINATING",
        heartbeat_timeout: 1200,
        default_result: "CONTINUE",
      }),
    );
  });

  test("routes only this group's terminate actions of its own hook (detail.LifecycleHookName) to the drain queue", () => {
    expect(JSON.parse(resources(json, "aws_cloudwatch_event_rule")["drain_rule"].event_pattern)).toEqual({
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      detail: {
        AutoScalingGroupName: ["${aws_autoscaling_group.capacity_group.name}"],
        LifecycleHookName: ["${aws_autoscaling_lifecycle_hook.drain_hook.name}"],
      },
    });
    const [target] = Object.values<any>(resources(json, "aws_cloudwatch_event_target"));
    expect(target).toEqual(
      expect.objectContaining({ rule: "${aws_cloudwatch_event_rule.drain_rule.name}", arn: queueArn, dead_letter_config: { arn: `\${aws_sqs_queue.${dlqKey}.arn}` } }),
    );
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
  test("lets EventBridge send to the queue and its dead-letter queue from the drain rule only", () => {
    const policies = Object.values<any>(resources(json, "aws_sqs_queue_policy")).map((p) => JSON.parse(p.policy).Statement[0]);
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p).toEqual(
        expect.objectContaining({
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Condition: { ArnEquals: { "aws:SourceArn": "${aws_cloudwatch_event_rule.drain_rule.arn}" } },
        }),
      );
    }
    expect(resources(json, "aws_lambda_permission")).toEqual({});
  });

  // Lambda: "set the source queue's visibility timeout to at least six times the timeout that you
  // configure on your function" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
  test("re-delivers a failed poll after six function timeouts and parks it in a dead-letter queue after 5 deliveries", () => {
    const queue = resources(json, "aws_sqs_queue")[queueKey];
    expect(queue.visibility_timeout_seconds).toBe(6 * 60);
    expect(queue.sqs_managed_sse_enabled).toBe(true);
    expect(JSON.parse(queue.redrive_policy)).toEqual({ deadLetterTargetArn: `\${aws_sqs_queue.${dlqKey}.arn}`, maxReceiveCount: 5 });
    expect(resources(json, "aws_sqs_queue")[dlqKey].message_retention_seconds).toBe(1209600);
    const [mapping] = Object.values<any>(resources(json, "aws_lambda_event_source_mapping"));
    expect(mapping).toEqual(expect.objectContaining({ event_source_arn: queueArn, function_name: "${aws_lambda_function.drain_function.arn}", batch_size: 1 }));
    expect(mapping.depends_on).toEqual(["aws_iam_role_policy.drain_policy"]);
  });

  test("runs the drain-instance handler with its cluster, group, hook, queue and timing", () => {
    expect(resources(json, "aws_lambda_function")["drain_function"]).toEqual(
      expect.objectContaining({
        handler: "index.handler",
        runtime: "nodejs22.x",
        timeout: 60,
        source_code_hash: expect.any(String),
        filename: expect.stringContaining("drain"),
        environment: {
          variables: {
            CLUSTER_NAME: "demo",
            ASG_NAME: "${aws_autoscaling_group.capacity_group.name}",
            HOOK_NAME: "${aws_autoscaling_lifecycle_hook.drain_hook.name}",
            QUEUE_URL: `\${aws_sqs_queue.${queueKey}.url}`,
            HEARTBEAT_TIMEOUT_SECONDS: "1200",
            POLL_INTERVAL_SECONDS: "30",
            MAX_RECEIVE_COUNT: "5",
          },
        },
        logging_config: { log_format: "Text", log_group: "${aws_cloudwatch_log_group.drain_logs.name}" },
      }),
    );
    expect(resources(json, "aws_cloudwatch_log_group")["drain_logs"]).toEqual(expect.objectContaining({ name: "/aws/lambda/demo-drain-instance", retention_in_days: 30 }));
    expect(resources(json, "aws_lambda_function_event_invoke_config")).toEqual({});
  });

  test("grants only the drain actions, scoped to this cluster, its hosts and tasks, this group and its queue", () => {
    const hosts = `arn:aws:ecs:eu-west-1:${ACCOUNT}:container-instance/demo/*`;
    expect(byAction(json)).toEqual({
      "ecs:ListContainerInstances": "${aws_ecs_cluster.cluster.arn}",
      "ecs:DescribeContainerInstances": hosts,
      "ecs:UpdateContainerInstancesState": hosts,
      "ecs:ListTasks": hosts,
      "ecs:DescribeTasks": `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/demo/*`,
      "autoscaling:CompleteLifecycleAction": "${aws_autoscaling_group.capacity_group.arn}",
      "autoscaling:RecordLifecycleActionHeartbeat": "${aws_autoscaling_group.capacity_group.arn}",
      "sqs:ReceiveMessage": queueArn,
      "sqs:DeleteMessage": queueArn,
      "sqs:GetQueueAttributes": queueArn,
      "sqs:SendMessage": queueArn,
      "logs:CreateLogStream": "${aws_cloudwatch_log_group.drain_logs.arn}:*",
      "logs:PutLogEvents": "${aws_cloudwatch_log_group.drain_logs.arn}:*",
    });
    const inCluster = { ArnEquals: { "ecs:cluster": "${aws_ecs_cluster.cluster.arn}" } };
    for (const sid of ["FindTasks", "ReadTasks"]) expect(statements(json).find((s: any) => s.Sid === sid).Condition).toEqual(inCluster);
  });

  test("uses only IAM actions that exist", async () => {
    expect(await unknownIamActions(resources(json, "aws_iam_role_policy")["drain_policy"].policy)).toEqual([]);
  });

  test("may stop tasks only with standaloneTasks: stop (env var and ecs:StopTask on this cluster's tasks)", () => {
    expect(statements(json).flatMap((s: any) => [s.Action].flat())).not.toContain("ecs:StopTask");
    const stop = synthCapacity("  managedDraining: false\n  drainHook:\n    standaloneTasks: stop\n");
    expect(resources(stop, "aws_lambda_function")["drain_function"].environment.variables.STANDALONE_TASKS).toBe("stop");
    expect(statements(stop).find((s: any) => s.Sid === "StopStandaloneTasks")).toEqual({
      Sid: "StopStandaloneTasks",
      Effect: "Allow",
      Action: "ecs:StopTask",
      Resource: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/demo/*`,
      Condition: { ArnEquals: { "ecs:cluster": "${aws_ecs_cluster.cluster.arn}" } },
    });
  });

  test("with alerts on, may publish to the alerts topic and knows it", async () => {
    const withAlerts = synthCapacity("  managedDraining: false\n", "alerts: {}\n");
    expect(resources(withAlerts, "aws_lambda_function")["drain_function"].environment.variables.ALERT_TOPIC_ARN).toBe("${aws_sns_topic.alerts_topic.arn}");
    const policy = resources(withAlerts, "aws_iam_role_policy")["drain_alert-policy"].policy;
    expect(JSON.parse(policy).Statement).toEqual([{ Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: "${aws_sns_topic.alerts_topic.arn}" }]);
    expect(await unknownIamActions(policy)).toEqual([]);
    expect(resources(json, "aws_lambda_function")["drain_function"].environment.variables).not.toHaveProperty("ALERT_TOPIC_ARN");
  });

  test("rejects an unknown standaloneTasks mode with its path", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainHook:\n    standaloneTasks: kill\n"))).toThrow(
      'capacity.drainHook.standaloneTasks: "kill" is not one of "wait", "stop"',
    );
  });

  test("rejects a heartbeat timeout that one failed poll could outlive", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainHook:\n    heartbeatTimeoutSeconds: 600\n    functionTimeoutSeconds: 60\n"))).toThrow(
      "capacity.drainHook.heartbeatTimeoutSeconds: 600 must be at least 2 × (drainHook.pollIntervalSeconds (30) + 6 × drainHook.functionTimeoutSeconds (60)) = 780",
    );
    expect(() => configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainHook:\n    pollIntervalSeconds: 901\n"))).toThrow(
      /capacity.drainHook.pollIntervalSeconds: 901/,
    );
  });
});
