import { Testing } from "../../../framework/cdktf";
import { TaskRole } from "../../../modules/task-role";
import { resources } from "../../helpers/synth";
import { serviceYaml, synth } from "../../helpers/services";

const trustOf = (json: any, name: string) => JSON.parse(resources(json, "aws_iam_role")[name].assume_role_policy).Statement;

// The ECS task IAM role guide's trust policy carries these confused-deputy conditions, so ECS
// sends aws:SourceArn (arn:<partition>:ecs:<region>:<account>:*) and aws:SourceAccount:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html#create_task_iam_policy_and_role
describe("task role trust policy", () => {
  const json = synth(serviceYaml(`containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]\n`));

  test("admits ecs-tasks.amazonaws.com only for ECS in this region and account", () => {
    expect(trustOf(json, "svc-web_task-role_role")).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-west-1:${data.aws_caller_identity.caller-identity.account_id}:*" },
          StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.caller-identity.account_id}" },
        },
      },
    ]);
  });

  // The execution role guide's trust policy has no condition; one ECS did not satisfy would stop
  // every task from starting. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  test("leaves the execution role's trust policy without conditions", () => {
    expect(trustOf(json, "svc-web_execution-role_role")).toEqual([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  test("reads the account from one aws_caller_identity data source per stack", () => {
    expect(Object.keys(json.data.aws_caller_identity)).toEqual(["caller-identity"]);
  });

  test("uses the region's partition and a given account id", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        new TaskRole(scope, "role", { namePrefix: "demo-web", region: "us-gov-west-1", accountId: "111122223333" });
      }),
    );
    const [statement] = JSON.parse(Object.values<any>(out.resource.aws_iam_role)[0].assume_role_policy).Statement;
    expect(statement.Condition).toEqual({
      ArnLike: { "aws:SourceArn": "arn:aws-us-gov:ecs:us-gov-west-1:111122223333:*" },
      StringEquals: { "aws:SourceAccount": "111122223333" },
    });
    expect(out.data).toBeUndefined();
  });
});
