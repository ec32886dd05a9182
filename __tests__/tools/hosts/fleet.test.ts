/**
 * The hosts report over recorded API response shapes (AWS API references: DescribeCapacityProviders,
 * DescribeAutoScalingGroups, DescribeInstances, DescribeImages, GetParameter, ListContainerInstances,
 * DescribeContainerInstances), with the AWS SDK clients mocked by aws-sdk-client-mock.
 */
import { mockClient } from "aws-sdk-client-mock";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeCapacityProvidersCommand, DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from "@aws-sdk/client-ecs";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeFleet, FleetClients, FleetTarget, groupNameFromArn } from "../../../tools/hosts/fleet";
import { renderJson, renderText } from "../../../tools/hosts/render";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8"));
/** The SDK turns timestamps into Date objects. */
const instancesWithDates = () => {
  const out = fixture("describe-instances");
  for (const r of out.Reservations) for (const i of r.Instances) i.LaunchTime = new Date(i.LaunchTime);
  return out;
};

const ecs = mockClient(ECSClient);
const autoScaling = mockClient(AutoScalingClient);
const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
const clients: FleetClients = {
  ecs: new ECSClient({ region: "eu-west-1" }),
  autoScaling: new AutoScalingClient({ region: "eu-west-1" }),
  ec2: new EC2Client({ region: "eu-west-1" }),
  ssm: new SSMClient({ region: "eu-west-1" }),
};
const TARGET: FleetTarget = {
  clusterName: "demo",
  capacityProviderName: "hosts-demo",
  amiParameterName: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
  updatePolicy: "latest-at-launch",
};

function recorded(): void {
  ecs.reset();
  autoScaling.reset();
  ec2.reset();
  ssm.reset();
  ecs.on(DescribeCapacityProvidersCommand, { capacityProviders: ["hosts-demo"] }).resolves(fixture("describe-capacity-providers"));
  ecs.on(ListContainerInstancesCommand).resolves(fixture("list-container-instances"));
  ecs.on(DescribeContainerInstancesCommand).resolves(fixture("describe-container-instances"));
  autoScaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["demo-20260102030405060700000001"] }).resolves(fixture("describe-auto-scaling-groups"));
  ec2.on(DescribeInstancesCommand).resolves(instancesWithDates());
  ec2.on(DescribeImagesCommand).resolves(fixture("describe-images"));
  ssm.on(GetParameterCommand, { Name: TARGET.amiParameterName }).resolves(fixture("get-parameter"));
}

beforeEach(recorded);

describe("describeFleet", () => {
  test("finds the group through the capacity provider and marks hosts not on the recommended AMI", async () => {
    const report = await describeFleet(clients, TARGET);
    expect(report.autoScalingGroupName).toBe("demo-20260102030405060700000001");
    expect(report.recommendedImageId).toBe("ami-0new0000000000002");
    expect(report.recommendedImageName).toBe("al2023-ami-ecs-hvm-2023.0.20260108-kernel-6.1-x86_64");
    expect(report.rollout).toBe("2026-01-15");
    expect(report.hosts.map((h) => [h.instanceId, h.imageId, h.current])).toEqual([
      ["i-0aaaaaaaaaaaaaaa1", "ami-0old0000000000001", false],
      ["i-0bbbbbbbbbbbbbbb2", "ami-0new0000000000002", true],
      ["i-0ccccccccccccccc3", "ami-0new0000000000002", true],
    ]);
    expect(report.outdated).toBe(1);
  });

  test("joins each host's launch template version, rollout tag and ECS state", async () => {
    const [old, current, pending] = (await describeFleet(clients, TARGET)).hosts;
    expect(old).toEqual(
      expect.objectContaining({ launchedFrom: "template v2", ecsStatus: "DRAINING", runningTasksCount: 1, rollout: undefined, launchTime: "2025-11-20T08:00:00.000Z" }),
    );
    expect(current).toEqual(expect.objectContaining({ launchedFrom: "template v3", ecsStatus: "ACTIVE", runningTasksCount: 3, rollout: "2026-01-15" }));
    expect(pending).toEqual(expect.objectContaining({ lifecycleState: "Pending", ecsStatus: undefined }));
  });

  test("pinned: hosts are measured against the pinned AMI, not the recommended one", async () => {
    const report = await describeFleet(clients, { ...TARGET, updatePolicy: "pinned", pinnedImageId: "ami-0old0000000000001" });
    expect(report.wantedImageId).toBe("ami-0old0000000000001");
    expect(report.hosts.filter((h) => h.current).map((h) => h.instanceId)).toEqual(["i-0aaaaaaaaaaaaaaa1"]);
  });

  test("asks only for the group's own instances, and for ECS state in the config's cluster", async () => {
    await describeFleet(clients, TARGET);
    expect(ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.InstanceIds).toEqual(["i-0aaaaaaaaaaaaaaa1", "i-0bbbbbbbbbbbbbbb2", "i-0ccccccccccccccc3"]);
    expect(ecs.commandCalls(DescribeContainerInstancesCommand)[0].args[0].input.cluster).toBe("demo");
  });

  test("follows ListContainerInstances pages", async () => {
    const [first, second] = fixture("list-container-instances").containerInstanceArns;
    ecs
      .on(ListContainerInstancesCommand)
      .resolvesOnce({ containerInstanceArns: [first], nextToken: "page-2" })
      .resolves({ containerInstanceArns: [second] });
    const report = await describeFleet(clients, TARGET);
    expect(ecs.commandCalls(ListContainerInstancesCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, "page-2"]);
    expect(ecs.commandCalls(DescribeContainerInstancesCommand)[0].args[0].input.containerInstances).toEqual([first, second]);
    expect(report.hosts[1].ecsStatus).toBe("ACTIVE");
  });

  test("leaves AMI names out when DescribeImages refuses (deregistered public AMI)", async () => {
    ec2.on(DescribeImagesCommand).rejects(Object.assign(new Error("The image id '[ami-0old0000000000001]' does not exist"), { name: "InvalidAMIID.NotFound" }));
    const report = await describeFleet(clients, TARGET);
    expect(report.recommendedImageName).toBeUndefined();
    expect(report.outdated).toBe(1);
  });

  test("says what to check when the capacity provider does not exist", async () => {
    ecs.on(DescribeCapacityProvidersCommand).resolves({ capacityProviders: [], failures: [] });
    await expect(describeFleet(clients, TARGET)).rejects.toThrow("capacity provider hosts-demo not found (is the stack applied, and the region right?)");
  });

  test("reads the group name from its ARN", () => {
    expect(groupNameFromArn("arn:aws-cn:autoscaling:cn-north-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/a/b")).toBe("a/b");
    expect(() => groupNameFromArn("arn:aws:ecs:eu-west-1:1:cluster/x")).toThrow("not an Auto Scaling group ARN");
  });
});

describe("rendering", () => {
  test("the table marks the old host and says how to roll", async () => {
    const text = renderText(await describeFleet(clients, TARGET));
    expect(text).toContain(
      "Recommended AMI (/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id): ami-0new0000000000002 (al2023-ami-ecs-hvm-2023.0.20260108-kernel-6.1-x86_64)",
    );
    expect(text).toMatch(/i-0aaaaaaaaaaaaaaa1 +ami-0old0000000000001 +OLD +2025-11-20T08:00:00Z +template v2 +InService +DRAINING +1 +-/);
    expect(text).toMatch(/i-0ccccccccccccccc3 +ami-0new0000000000002 +current .* Pending +not registered/);
    expect(text).toContain("1 of 3 hosts run another AMI than the recommended one: ami-0old0000000000001 (al2023-ami-ecs-hvm-2023.0.20251110-kernel-6.1-x86_64).");
    expect(text).toContain("change capacity.rollout");
  });

  test("all current: one line says so", async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: ["i-0aaaaaaaaaaaaaaa1", "i-0bbbbbbbbbbbbbbb2", "i-0ccccccccccccccc3"].map((InstanceId) => ({ InstanceId, ImageId: "ami-0new0000000000002" })) }],
    });
    expect(renderText(await describeFleet(clients, TARGET))).toContain("All 3 hosts run ami-0new0000000000002.");
  });

  test("JSON holds the whole report", async () => {
    const parsed = JSON.parse(renderJson(await describeFleet(clients, TARGET)));
    expect(parsed.outdated).toBe(1);
    expect(parsed.hosts).toHaveLength(3);
  });
});
