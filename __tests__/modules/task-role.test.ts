import { awsName } from "../../config/validate/aws-names";
import { PolicyStatement } from "../../modules/iam-policy";
import { EXECUTE_COMMAND_STATEMENT, TaskRole, TaskRoleProps } from "../../modules/task-role";
import { block, blocks, ref, stack, statements, synth } from "./helpers";

function build(extra: Partial<TaskRoleProps> = {}) {
  const s = stack();
  const role = new TaskRole(s, "task-role", { namePrefix: "demo-web", region: "eu-west-1", accountId: "123456789012", ...extra });
  return { role, json: synth(s) };
}

const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const TEAM = "arn:aws:iam::123456789012:policy/team/app-read";
const READ_BUCKET: PolicyStatement = { Sid: "ReadBucket", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::demo-bucket/*" };

// The trust policy (ecs-tasks, this account and region) is pinned in __tests__/stacks/services/task-role.test.ts.
describe("TaskRole", () => {
  test("by default the task can call no AWS API: no managed policy, no inline policy", () => {
    const { role, json } = build();
    expect(block(json, role.role).name_prefix).toBe("demo-web-task-");
    expect(json.resource.aws_iam_role_policy_attachment).toBeUndefined();
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
  });

  test("managedPolicyArns: one attachment per distinct ARN", () => {
    const { role, json } = build({ managedPolicyArns: [S3_READ, TEAM, S3_READ] });
    const attachments = blocks(json, "aws_iam_role_policy_attachment");
    expect(attachments).toHaveLength(2);
    expect(attachments).toEqual(
      expect.arrayContaining([
        { role: ref(role.role, "name"), policy_arn: S3_READ },
        { role: ref(role.role, "name"), policy_arn: TEAM },
      ]),
    );
  });

  test("each attachment is addressed after its policy, so adding or removing another one keeps its address", () => {
    const addresses = (arns: string[]) => Object.keys(build({ managedPolicyArns: arns }).json.resource.aws_iam_role_policy_attachment);
    const [alone] = addresses([S3_READ]);
    expect(alone).toMatch(/^task-role_policy-aws-AmazonS3ReadOnlyAccess_/);
    expect(addresses([TEAM, S3_READ])).toContain(alone);
    expect(addresses([TEAM, S3_READ]).find((a) => a !== alone)).toMatch(/^task-role_policy-123456789012-team-app-read_/);
  });

  test("statements become the inline policy task, exactly as given", () => {
    const { role, json } = build({ statements: [READ_BUCKET] });
    expect(blocks(json, "aws_iam_role_policy")).toEqual([
      { role: ref(role.role, "name"), name: "task", policy: JSON.stringify({ Version: "2012-10-17", Statement: [READ_BUCKET] }) },
    ]);
  });

  // ECS Exec: the task role needs the four ssmmessages actions, on "*"
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions).
  test("enableExecuteCommand adds the ssmmessages channel actions after the given statements, or alone", () => {
    expect(EXECUTE_COMMAND_STATEMENT).toEqual({
      Sid: "ExecuteCommand",
      Effect: "Allow",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      Resource: "*",
    });
    const both = build({ statements: [READ_BUCKET], enableExecuteCommand: true }).json;
    expect(statements(blocks(both, "aws_iam_role_policy")[0].policy)).toEqual([READ_BUCKET, EXECUTE_COMMAND_STATEMENT]);
    const alone = build({ enableExecuteCommand: true }).json;
    expect(statements(blocks(alone, "aws_iam_role_policy")[0].policy)).toEqual([EXECUTE_COMMAND_STATEMENT]);
    expect(build({ enableExecuteCommand: false }).json.resource.aws_iam_role_policy).toBeUndefined();
  });

  test("a long namePrefix is shortened to a role name prefix IAM accepts", () => {
    const { role, json } = build({ namePrefix: "x".repeat(60) });
    expect(block(json, role.role).name_prefix).toBe(`${"x".repeat(37)}-`);
    expect(awsName("iamRole", block(json, role.role).name_prefix, { prefix: true })).toBeUndefined();
  });
});
