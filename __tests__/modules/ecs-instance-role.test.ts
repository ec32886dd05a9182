import { awsName } from "../../config/validate/aws-names";
import { EcsInstanceRole, EcsInstanceRoleProps } from "../../modules/ecs-instance-role";
import { block, blocks, ref, stack, statements, synth } from "./helpers";

function build(extra: Partial<EcsInstanceRoleProps> = {}) {
  const s = stack();
  const host = new EcsInstanceRole(s, "host-role", { namePrefix: "demo", region: "eu-west-1", ...extra });
  return { host, json: synth(s) };
}

const attached = (json: any) => blocks(json, "aws_iam_role_policy_attachment").map((a) => a.policy_arn);

describe("EcsInstanceRole", () => {
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
  test("by default: a role EC2 may assume, with AmazonEC2ContainerServiceforEC2Role only, and its instance profile", () => {
    const { host, json } = build();
    expect(block(json, host.role).name_prefix).toBe("demo-host-");
    expect(statements(block(json, host.role).assume_role_policy)).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(blocks(json, "aws_iam_role_policy_attachment")).toEqual([
      { role: ref(host.role, "name"), policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role" },
    ]);
    expect(block(json, host.instanceProfile)).toEqual({ name_prefix: "demo-host-", role: ref(host.role, "name") });
  });

  // https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html
  test("sessionManager adds AmazonSSMManagedInstanceCore, with the region's partition", () => {
    expect(attached(build({ sessionManager: true, region: "us-gov-west-1" }).json).sort()).toEqual([
      "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    ]);
    expect(attached(build({ sessionManager: false }).json)).toEqual(["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"]);
  });

  test("a long namePrefix is shortened to name prefixes IAM accepts for the role and the profile", () => {
    const { host, json } = build({ namePrefix: "x".repeat(60) });
    expect(awsName("iamRole", block(json, host.role).name_prefix, { prefix: true })).toBeUndefined();
    expect(awsName("instanceProfile", block(json, host.instanceProfile).name_prefix, { prefix: true })).toBeUndefined();
    expect(block(json, host.role).name_prefix).toBe(`${"x".repeat(37)}-`);
    expect(block(json, host.instanceProfile).name_prefix).toBe(`${"x".repeat(37)}-`);
  });
});
