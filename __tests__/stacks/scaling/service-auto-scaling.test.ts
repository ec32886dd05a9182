import { configErrorOf, configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

/** One load-balanced service with the given autoScaling block (YAML, indented for the service). */
function serviceYaml(autoScaling: string, extra = ""): string {
  return minimalYaml(`loadBalancers:
  - name: public
services:
  - name: web
    desiredCount: 2
${extra}    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 128
        portMappings:
          - containerPort: 80
    loadBalancer:
      name: public
    autoScaling:
${autoScaling}`);
}

function synth(autoScaling: string, extra = ""): any {
  return synthJson(configFrom(serviceYaml(autoScaling, extra)));
}

const BOUNDS = "      minCapacity: 2\n      maxCapacity: 10\n";

describe("service auto scaling", () => {
  test("registers the service's desired count as a scalable target that references the service", () => {
    const targets = Object.values(resources(synth(BOUNDS), "aws_appautoscaling_target"));
    expect(targets).toEqual([
      expect.objectContaining({
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.svc-web_service.name}",
        min_capacity: 2,
        max_capacity: 10,
      }),
    ]);
  });

  test("makes Terraform ignore desired_count changes of a scaled service only", () => {
    const withScaling = resources(synth(BOUNDS), "aws_ecs_service")["svc-web_service"];
    expect(withScaling.lifecycle.ignore_changes).toContain("desired_count");
    const without = resources(synthJson(configFrom(serviceYaml(BOUNDS).replace(/ {4}autoScaling:\n[\s\S]*$/, ""))), "aws_ecs_service")["svc-web_service"];
    expect(without.lifecycle?.ignore_changes ?? []).not.toContain("desired_count");
  });

  test("adds one target tracking policy per metric with the cooldowns", () => {
    const json = synth(`${BOUNDS}      targetTracking:
        cpuPercent: 60
        memoryPercent: 75
        scaleInCooldownSeconds: 120
        disableScaleIn: true
`);
    const policies = resources(json, "aws_appautoscaling_policy");
    expect(Object.keys(policies).sort()).toEqual(["scaling-web_cpu", "scaling-web_memory"]);
    expect(policies["scaling-web_cpu"]).toEqual(
      expect.objectContaining({
        policy_type: "TargetTrackingScaling",
        resource_id: "${aws_appautoscaling_target.scaling-web_target.resource_id}",
        target_tracking_scaling_policy_configuration: {
          target_value: 60,
          predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" },
          scale_in_cooldown: 120,
          scale_out_cooldown: 60,
          disable_scale_in: true,
        },
      }),
    );
    expect(policies["scaling-web_memory"].target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type).toBe(
      "ECSServiceAverageMemoryUtilization",
    );
  });

  test("labels request count tracking with the load balancer's and target group's arn_suffix", () => {
    const json = synth(`${BOUNDS}      targetTracking:\n        requestsPerTarget: 500\n`);
    const spec = resources(json, "aws_appautoscaling_policy")["scaling-web_requests"].target_tracking_scaling_policy_configuration.predefined_metric_specification;
    expect(spec).toEqual({
      predefined_metric_type: "ALBRequestCountPerTarget",
      resource_label: "${aws_lb.lb-public_alb.arn_suffix}/${aws_lb_target_group.svc-web_target-web-80_target-group.arn_suffix}",
    });
  });

  test("drives step scaling from a CloudWatch alarm on the service's own metric", () => {
    const json = synth(`${BOUNDS}      stepScaling:
        - name: cpu-high
          metric: { name: CPUUtilization, evaluationPeriods: 2 }
          comparison: GreaterThanOrEqualToThreshold
          threshold: 75
          steps:
            - { lowerBound: 0, upperBound: 15, adjustment: 1 }
            - { lowerBound: 15, adjustment: 3 }
`);
    const policy = resources(json, "aws_appautoscaling_policy")["scaling-web_step-cpu-high"];
    expect(policy.policy_type).toBe("StepScaling");
    expect(policy.step_scaling_policy_configuration).toEqual({
      adjustment_type: "ChangeInCapacity",
      cooldown: 60,
      metric_aggregation_type: "Average",
      step_adjustment: [
        { metric_interval_lower_bound: "0", metric_interval_upper_bound: "15", scaling_adjustment: 1 },
        { metric_interval_lower_bound: "15", scaling_adjustment: 3 },
      ],
    });
    expect(resources(json, "aws_cloudwatch_metric_alarm")["scaling-web_alarm-cpu-high"]).toEqual(
      expect.objectContaining({
        namespace: "AWS/ECS",
        metric_name: "CPUUtilization",
        statistic: "Average",
        period: 60,
        evaluation_periods: 2,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        threshold: 75,
        dimensions: { ClusterName: "${aws_ecs_cluster.cluster.name}", ServiceName: "${aws_ecs_service.svc-web_service.name}" },
        alarm_actions: ["${aws_appautoscaling_policy.scaling-web_step-cpu-high.arn}"],
      }),
    );
  });

  test("changes the bounds on a schedule in the given time zone", () => {
    const json = synth(`${BOUNDS}      scheduled:
        - { name: office-hours, schedule: "cron(0 8 ? * MON-FRI *)", timezone: Asia/Tokyo, minCapacity: 4 }
`);
    expect(resources(json, "aws_appautoscaling_scheduled_action")["scaling-web_schedule-office-hours"]).toEqual(
      expect.objectContaining({
        schedule: "cron(0 8 ? * MON-FRI *)",
        timezone: "Asia/Tokyo",
        resource_id: "${aws_appautoscaling_target.scaling-web_target.resource_id}",
        scalable_target_action: { min_capacity: "4" },
      }),
    );
  });

  // A scheduled action changes the scalable target's min and max capacity when it runs
  // (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html);
  // a target that does not ignore them is reset by every apply inside the window and never plans
  // clean (https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/422).
  test("with scheduled actions, the scalable target ignores later changes of min and max capacity", () => {
    const json = synth(`${BOUNDS}      scheduled:
        - { name: nightly, schedule: "cron(0 22 * * ? *)", maxCapacity: 2 }
`);
    expect(resources(json, "aws_appautoscaling_target")["scaling-web_target"].lifecycle).toEqual({ ignore_changes: ["min_capacity", "max_capacity"] });
  });

  test("without scheduled actions, Terraform keeps owning the bounds", () => {
    expect(resources(synth(BOUNDS), "aws_appautoscaling_target")["scaling-web_target"].lifecycle).toBeUndefined();
  });
});

describe("service auto scaling config errors", () => {
  const errorOf = configErrorOf;

  test("rejects a desired count outside the scaling bounds", () => {
    expect(errorOf(serviceYaml(BOUNDS).replace("desiredCount: 2", "desiredCount: 12"))).toContain(
      "services[0].desiredCount: 12 must be between autoScaling.minCapacity (2) and autoScaling.maxCapacity (10)",
    );
  });

  test("rejects minCapacity above maxCapacity", () => {
    expect(errorOf(serviceYaml("      minCapacity: 5\n      maxCapacity: 3\n"))).toContain(
      "services[0].autoScaling.minCapacity: 5 must not be greater than autoScaling.maxCapacity (3)",
    );
  });

  test("rejects request count tracking on a service without a load balancer", () => {
    const yaml = serviceYaml(`${BOUNDS}      targetTracking:\n        requestsPerTarget: 100\n`).replace("    loadBalancer:\n      name: public\n", "");
    expect(errorOf(yaml)).toContain("services[0].autoScaling.targetTracking.requestsPerTarget: 100 needs a load balancer target");
  });

  test("rejects step intervals with a gap", () => {
    const yaml = serviceYaml(`${BOUNDS}      stepScaling:
        - name: cpu-high
          metric: { name: CPUUtilization }
          comparison: GreaterThanThreshold
          threshold: 75
          steps:
            - { lowerBound: 0, upperBound: 10, adjustment: 1 }
            - { lowerBound: 20, adjustment: 3 }
`);
    expect(errorOf(yaml)).toContain("services[0].autoScaling.stepScaling[0].steps[1].lowerBound: 20 must equal the upperBound of steps[0] (10)");
  });

  test("rejects step bounds on the wrong side of the threshold", () => {
    const yaml = serviceYaml(`${BOUNDS}      stepScaling:
        - name: cpu-low
          metric: { name: CPUUtilization }
          comparison: LessThanThreshold
          threshold: 20
          steps:
            - { lowerBound: 0, upperBound: 10, adjustment: -1 }
`);
    expect(errorOf(yaml)).toContain("steps[0].upperBound: 10 is above 0");
  });

  test("rejects a schedule that is not cron, at or rate, naming what is allowed", () => {
    const yaml = serviceYaml(`${BOUNDS}      scheduled:\n        - { name: nightly, schedule: "0 8 * * *", minCapacity: 1 }\n`);
    expect(errorOf(yaml)).toContain('services[0].autoScaling.scheduled[0].schedule: "0 8 * * *" is not a schedule like cron(');
  });

  test("rejects a scheduled action that sets neither bound", () => {
    const yaml = serviceYaml(`${BOUNDS}      scheduled:\n        - { name: nightly, schedule: "rate(1 day)" }\n`);
    expect(errorOf(yaml)).toContain("services[0].autoScaling.scheduled[0]: needs minCapacity, maxCapacity or both");
  });
});
