import { configErrorOf, configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

function synthCapacity(capacity = ""): any {
  return synthJson(configFrom(minimalYaml(capacity ? `capacity:\n${capacity}` : "")));
}
const provider = (json: any) => resources(json, "aws_ecs_capacity_provider")["capacity_capacity-provider"].auto_scaling_group_provider;
const group = (json: any) => resources(json, "aws_autoscaling_group")["capacity_group"];

const errorOf = (capacity: string): string => configErrorOf(minimalYaml(`capacity:\n${capacity}`));

describe("EcsCapacity scaling", () => {
  test("scales the group with managed scaling, draining on and termination protection off by default", () => {
    const json = synthCapacity();
    expect(provider(json)).toEqual({
      auto_scaling_group_arn: "${aws_autoscaling_group.capacity_group.arn}",
      managed_termination_protection: "DISABLED",
      managed_draining: "ENABLED",
      managed_scaling: { status: "ENABLED", target_capacity: 100, minimum_scaling_step_size: 1, maximum_scaling_step_size: 10000, instance_warmup_period: 300 },
    });
    expect(group(json).protect_from_scale_in).toBe(false);
    expect(group(json).tag).toContainEqual({ key: "AmazonECSManaged", value: "true", propagate_at_launch: true });
  });

  test("passes the managed scaling settings through", () => {
    const json = synthCapacity(
      "  managedScaling:\n    targetCapacityPercent: 80\n    minimumScalingStepSize: 2\n    maximumScalingStepSize: 5\n    instanceWarmupPeriodSeconds: 120\n",
    );
    expect(provider(json).managed_scaling).toEqual({
      status: "ENABLED",
      target_capacity: 80,
      minimum_scaling_step_size: 2,
      maximum_scaling_step_size: 5,
      instance_warmup_period: 120,
    });
  });

  test("protects new hosts from scale in when managed termination protection is on", () => {
    const json = synthCapacity("  managedTerminationProtection: true\n");
    expect(provider(json).managed_termination_protection).toBe("ENABLED");
    expect(group(json).protect_from_scale_in).toBe(true);
  });

  test("turns managed draining off when asked", () => {
    expect(provider(synthCapacity("  managedDraining: false\n")).managed_draining).toBe("DISABLED");
  });

  test("rolls a launch template change through the hosts by following its latest version", () => {
    const json = synthCapacity("  minSize: 2\n  maxSize: 4\n");
    expect(group(json).launch_template.version).toBe("${aws_launch_template.capacity_launch-template.latest_version}");
    expect(group(json).instance_refresh).toEqual({
      strategy: "Rolling",
      preferences: expect.objectContaining({
        min_healthy_percentage: 90,
        max_healthy_percentage: 100,
        skip_matching: true,
        scale_in_protected_instances: "Refresh",
        standby_instances: "Ignore",
      }),
    });
  });

  test("keeps $Latest and no refresh when instance refresh is off", () => {
    const json = synthCapacity("  instanceRefresh:\n    enabled: false\n");
    expect(group(json).launch_template.version).toBe("$Latest");
    expect(group(json).instance_refresh).toBeUndefined();
  });

  // "When services or tasks are run in the cluster with no launch type or capacity provider strategy
  // specified, the default capacity provider strategy is used." With the cluster's one provider,
  // base and weight decide nothing, so they are not configurable.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-clustercapacityproviderassociations-capacityproviderstrategy.html
  test("makes the hosts' provider the cluster default, for tasks started without a strategy", () => {
    const json = synthCapacity();
    expect(resources(json, "aws_ecs_cluster_capacity_providers")["cluster_capacity-providers"].default_capacity_provider_strategy).toEqual([
      { capacity_provider: "${aws_ecs_capacity_provider.capacity_capacity-provider.name}", base: 0, weight: 1 },
    ]);
  });

  test("capacity.defaultStrategy is gone: base and weight of a single provider change nothing", () => {
    expect(errorOf("  defaultStrategy:\n    base: 1\n")).toContain("capacity.defaultStrategy");
  });
});

describe("capacity scaling config errors", () => {
  test("rejects protectFromScaleIn: false with managed termination protection", () => {
    expect(errorOf("  managedTerminationProtection: true\n  protectFromScaleIn: false\n")).toContain(
      "capacity.protectFromScaleIn: false conflicts with capacity.managedTerminationProtection: true",
    );
  });

  test("rejects managed termination protection without managed scaling", () => {
    expect(errorOf("  managedTerminationProtection: true\n  managedScaling:\n    enabled: false\n")).toContain(
      "capacity.managedTerminationProtection: true needs capacity.managedScaling.enabled: true",
    );
  });

  test("rejects a minimum scaling step above the maximum", () => {
    expect(errorOf("  managedScaling:\n    minimumScalingStepSize: 5\n    maximumScalingStepSize: 2\n")).toContain(
      "capacity.managedScaling.minimumScalingStepSize: 5 must not be greater than capacity.managedScaling.maximumScalingStepSize (2)",
    );
  });

  test("rejects a target capacity above 100 percent, naming what is allowed", () => {
    expect(errorOf("  managedScaling:\n    targetCapacityPercent: 120\n")).toContain("capacity.managedScaling.targetCapacityPercent: 120 is not an integer between 1 and 100");
  });

  test("rejects instance refresh percentages more than 100 apart", () => {
    expect(errorOf("  instanceRefresh:\n    minHealthyPercent: 0\n    maxHealthyPercent: 150\n")).toContain(
      "capacity.instanceRefresh.maxHealthyPercent: 150 is more than 100 above minHealthyPercent (0)",
    );
  });
});
