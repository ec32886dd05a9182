import { unknownIamActions } from "../../rules/iam-actions";

const doc = (...actions: string[]) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

describe("unknownIamActions", () => {
  test("a real action is known", async () => {
    expect(await unknownIamActions(doc("ecs:SubmitTaskStateChange"))).toEqual([]);
  });

  test("a misspelled action is unknown", async () => {
    expect(await unknownIamActions(doc("ecs:SubmitTaskStateChanges"))).toEqual(["ecs:SubmitTaskStateChanges"]);
  });

  test("a wildcard matching at least one action is valid, one matching none is not", async () => {
    expect(await unknownIamActions(doc("ecs:Describe*", "*", "logs:*"))).toEqual([]);
    expect(await unknownIamActions(doc("ecs:Descibe*"))).toEqual(["ecs:Descibe*"]);
  });

  test("an unknown service is unknown", async () => {
    expect(await unknownIamActions(doc("nosuchservice:Foo"))).toEqual(["nosuchservice:Foo"]);
  });

  test("names are compared case-insensitively", async () => {
    expect(await unknownIamActions(doc("ECS:submittaskstatechange", "Logs:CreateLogStream"))).toEqual([]);
  });

  test("accepts a JSON string, single statements, NotAction and skips interpolations", async () => {
    const policy = JSON.stringify({
      Statement: { Effect: "Deny", NotAction: ["kms:Decrypt", "kms:Decript"], Resource: "*" },
    });
    expect(await unknownIamActions(policy)).toEqual(["kms:Decript"]);
    expect(await unknownIamActions(doc("${var.extra_action}", "malformed"))).toEqual(["malformed"]);
  });
});
