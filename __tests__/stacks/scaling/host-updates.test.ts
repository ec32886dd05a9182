/**
 * How hosts get a new AMI and how they are replaced on purpose: the image update policy, the
 * rollout label, tags on hosts and volumes, and instance refresh on groups that may run one host.
 */
import { configErrorOf, configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";
import { instanceRefreshPercentages, startInstanceRefreshCommand } from "../../../modules/instance-refresh";

const synth = (capacity = "", top = "") => synthJson(configFrom(minimalYaml(`${top}${capacity ? `capacity:\n${capacity}` : ""}`)));
const only = (json: any, type: string) => {
  const all = Object.values(resources(json, type));
  expect(all).toHaveLength(1);
  return all[0] as any;
};
const template = (json: any) => only(json, "aws_launch_template");
const group = (json: any) => only(json, "aws_autoscaling_group");
const AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

const errorOf = (capacity: string): string => configErrorOf(minimalYaml(`capacity:\n${capacity}`));

describe("image update policy", () => {
  // "resolve:ssm:parameter-name": EC2 resolves the parameter when it launches an instance.
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/create-launch-template.html#use-an-ssm-parameter-instead-of-an-ami-id
  test("latest-at-launch (default): the template names the SSM parameter, so a new AMI from AWS changes nothing in the plan", () => {
    const json = synth();
    expect(template(json).image_id).toBe(`resolve:ssm:${AL2023}`);
    expect(json.data?.aws_ssm_parameter).toBeUndefined();
  });

  test("pinned: the AMI id from the config, no SSM lookup", () => {
    const json = synth("  image: { id: ami-0123456789abcdef0, updatePolicy: pinned }\n");
    expect(template(json).image_id).toBe("ami-0123456789abcdef0");
    expect(json.data?.aws_ssm_parameter).toBeUndefined();
  });

  test("follow-on-apply: the parameter is read at plan time, as before", () => {
    const json = synth("  image: { updatePolicy: follow-on-apply }\n");
    expect(Object.values<any>(json.data.aws_ssm_parameter).map((p) => p.name)).toEqual([AL2023]);
    expect(template(json).image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.[\w-]+\.insecure_value\}$/);
  });

  // Launch configurations take an AMI id only (no resolve:ssm:). Measured with Terraform 1.11:
  // ignore_changes keeps the old value on updates, but a replacement takes the configured value.
  test("latest-at-launch with a launch configuration: read from SSM when it is created, then ignored until a replacement", () => {
    const json = synth("  launchMode: launch-configuration\n");
    const lc = only(json, "aws_launch_configuration");
    expect(lc.image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.[\w-]+\.insecure_value\}$/);
    expect(lc.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ["image_id"] });
  });

  test("follow-on-apply with a launch configuration replaces it when the parameter changes (no ignore_changes)", () => {
    const lc = only(synth("  launchMode: launch-configuration\n  image: { updatePolicy: follow-on-apply }\n"), "aws_launch_configuration");
    expect(lc.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("pinned needs an AMI id, and an AMI id needs pinned", () => {
    expect(errorOf("  image: { updatePolicy: pinned }\n")).toContain('capacity.image.updatePolicy: "pinned" needs capacity.image.id');
    expect(errorOf("  image: { id: ami-0123456789abcdef0, updatePolicy: latest-at-launch }\n")).toContain(
      'capacity.image.id: "ami-0123456789abcdef0" is only used with updatePolicy "pinned", not "latest-at-launch"',
    );
  });

  test("an unknown policy is refused, naming the allowed ones", () => {
    expect(errorOf("  image: { updatePolicy: weekly }\n")).toMatch(/capacity\.image\.updatePolicy: "weekly" is not .*latest-at-launch.*pinned.*follow-on-apply/);
  });
});

describe("capacity.rollout: replacing every host on purpose", () => {
  test("puts the label on new instances through the launch template (a new version, so the group refreshes)", () => {
    const json = synth("  rollout: 2026-01-15\n");
    expect(template(json).tag_specifications).toContainEqual({ resource_type: "instance", tags: expect.objectContaining({ "ecs-ec2:rollout": "2026-01-15" }) });
    expect(group(json).tag).toContainEqual({ key: "ecs-ec2:rollout", value: "2026-01-15", propagate_at_launch: true });
    // The provider starts a refresh when the group's launch_template block changes (group.go,
    // resourceGroupUpdate): it follows latest_version, which a template change moves.
    expect(group(json).launch_template.version).toBe("${aws_launch_template.capacity_launch-template.latest_version}");
  });

  test("a changed label changes the launch template and nothing else about the hosts", () => {
    const before = synth("  rollout: 2026-01-15\n");
    const after = synth("  rollout: 2026-02-01\n");
    expect(template(after)).not.toEqual(template(before));
    const { tag_specifications: a, ...restAfter } = template(after);
    const { tag_specifications: b, ...restBefore } = template(before);
    expect(restAfter).toEqual(restBefore);
    expect(a).not.toEqual(b);
  });

  test("with a launch configuration the label is a user data comment, which replaces the launch configuration", () => {
    const lc = only(synth("  launchMode: launch-configuration\n  rollout: r2\n"), "aws_launch_configuration");
    expect(lc.user_data).toMatch(/\n# ecs-ec2:rollout r2\n$/);
  });

  test("without a label nothing about rollouts is emitted", () => {
    const json = synth();
    expect(JSON.stringify(template(json))).not.toContain("ecs-ec2:rollout");
    expect(group(json).tag.map((t: any) => t.key)).not.toContain("ecs-ec2:rollout");
  });

  test("needs instance refresh, and a label a tag and user data can carry", () => {
    expect(errorOf("  rollout: r1\n  instanceRefresh: { enabled: false }\n")).toContain(
      'capacity.rollout: "r1" replaces hosts through an instance refresh, and capacity.instanceRefresh.enabled is false',
    );
    expect(errorOf('  rollout: "${var.x}"\n')).toContain("capacity.rollout:");
  });
});

describe("tags reach hosts and volumes", () => {
  // Provider default_tags reach neither instances launched by a group nor launch template tag
  // specifications (hashicorp/terraform-provider-aws#19387); group tags with PropagateAtLaunch
  // tag the instances (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-tagging.html),
  // launch template tag specifications tag instances and volumes.
  const json = synth("", 'tags:\n  team: platform\n  cost-center: "42"\n');

  test("the group propagates the config's and the project's tags at launch", () => {
    for (const [key, value] of Object.entries({ team: "platform", "cost-center": "42", "managed-by": "cdktf-ecs-ec2", "ecs-cluster": "demo" })) {
      expect(group(json).tag).toContainEqual({ key, value, propagate_at_launch: true });
    }
  });

  test("the launch template tags instances and volumes with them", () => {
    const specs = template(json).tag_specifications;
    for (const type of ["instance", "volume"]) {
      expect(specs).toContainEqual({ resource_type: type, tags: expect.objectContaining({ team: "platform", "cost-center": "42", "ecs-cluster": "demo", Name: "demo-host" }) });
    }
  });

  test("the group keeps its own Name and AmazonECSManaged tags once", () => {
    const keys = group(json).tag.map((t: any) => t.key);
    expect(keys.filter((k: string) => k === "Name")).toHaveLength(1);
    expect(keys.filter((k: string) => k === "AmazonECSManaged")).toHaveLength(1);
  });
});

describe("instance refresh when the group may run a single host", () => {
  // "Launch the new instances first before terminating the old ones if the minimum healthy
  // percentage is set to 100 percent" and the maximum leaves room above the desired capacity.
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html
  test("minSize 1: launches the replacement before terminating the only host (100 / 200)", () => {
    const prefs = group(synth("  minSize: 1\n  maxSize: 3\n")).instance_refresh.preferences;
    expect(prefs).toEqual(expect.objectContaining({ min_healthy_percentage: 100, max_healthy_percentage: 200 }));
  });

  test("minSize 2 and more: Auto Scaling's 90 / 100", () => {
    expect(instanceRefreshPercentages(2)).toEqual({ minHealthyPercent: 90, maxHealthyPercent: 100 });
    expect(instanceRefreshPercentages(0)).toEqual({ minHealthyPercent: 100, maxHealthyPercent: 200 });
    expect(instanceRefreshPercentages(1, { minHealthyPercent: 50 })).toEqual({ minHealthyPercent: 50, maxHealthyPercent: 200 });
  });

  test("refuses maxSize 1 with instance refresh: there is no room for the replacement", () => {
    expect(errorOf("  maxSize: 1\n")).toContain("capacity.maxSize: 1 leaves no room to launch a replacement host");
    expect(() => synth("  maxSize: 1\n  instanceRefresh: { enabled: false }\n")).not.toThrow();
  });

  test("refuses maxHealthyPercent 100 with minSize 1: the only host would go first", () => {
    expect(errorOf("  minSize: 1\n  instanceRefresh: { minHealthyPercent: 90, maxHealthyPercent: 100 }\n")).toContain(
      "capacity.instanceRefresh.maxHealthyPercent: 100 with capacity.minSize 1 lets an instance refresh terminate a single host",
    );
    expect(() => synth("  minSize: 2\n  maxSize: 4\n  instanceRefresh: { maxHealthyPercent: 100 }\n")).not.toThrow();
  });
});

describe("start_instance_refresh_command output", () => {
  test("prints the manual roll with the configured percentages and skip matching off", () => {
    const json = synth("  minSize: 2\n  maxSize: 6\n  instanceRefresh: { minHealthyPercent: 50, maxHealthyPercent: 150, instanceWarmupSeconds: 120 }\n");
    expect(json.output.start_instance_refresh_command.value).toBe(
      "aws autoscaling start-instance-refresh --region eu-west-1 --auto-scaling-group-name ${aws_autoscaling_group.capacity_group.name} --strategy Rolling " +
        `--preferences '{"MinHealthyPercentage":50,"MaxHealthyPercentage":150,"SkipMatching":false,"ScaleInProtectedInstances":"Refresh","StandbyInstances":"Ignore","InstanceWarmup":120}'`,
    );
  });

  test("is left out when instance refresh is off", () => {
    expect(synth("  instanceRefresh: { enabled: false }\n").output.start_instance_refresh_command).toBeUndefined();
  });

  test("quotes a group name known at synth time", () => {
    const line = startInstanceRefreshCommand({
      region: "eu-west-1",
      autoScalingGroupName: "demo-2026",
      percentages: { minHealthyPercent: 100, maxHealthyPercent: 200 },
      scaleInProtectedInstances: "Wait",
      standbyInstances: "Terminate",
    });
    expect(line).toContain("--auto-scaling-group-name demo-2026 ");
    expect(line).toContain(`"ScaleInProtectedInstances":"Wait","StandbyInstances":"Terminate"}'`);
  });
});
