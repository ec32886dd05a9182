import { awsName } from "../../config/validate/aws-names";
import { PolicyStatement } from "../../modules/iam-policy";
import { TaskExecutionRole, TaskExecutionRoleProps, secretArnOf, secretStatements } from "../../modules/task-execution-role";
import { block, blocks, ref, stack, synth } from "./helpers";

function build(extra: Partial<TaskExecutionRoleProps> = {}) {
  const s = stack();
  const role = new TaskExecutionRole(s, "execution-role", { namePrefix: "demo-web", region: "eu-west-1", ...extra });
  return { role, json: synth(s) };
}

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
const PARAM = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRETS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/9999abcd-12ab-34cd-56ef-1234567890ab";

describe("TaskExecutionRole", () => {
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html (its trust
  // policy is pinned in __tests__/stacks/services/task-role.test.ts).
  test("by default: carries AmazonECSTaskExecutionRolePolicy and no inline policy", () => {
    const { role, json } = build();
    expect(block(json, role.role).name_prefix).toBe("demo-web-exec-");
    expect(blocks(json, "aws_iam_role_policy_attachment")).toEqual([
      { role: ref(role.role, "name"), policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
    ]);
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
  });

  test("an empty statements list adds no inline policy either", () => {
    expect(build({ statements: [] }).json.resource.aws_iam_role_policy).toBeUndefined();
  });

  test("statements become one inline policy, task-secrets, exactly as given", () => {
    const given: PolicyStatement[] = [{ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [PARAM] }];
    const { role, json } = build({ statements: given });
    expect(blocks(json, "aws_iam_role_policy")).toEqual([
      { role: ref(role.role, "name"), name: "task-secrets", policy: JSON.stringify({ Version: "2012-10-17", Statement: given }) },
    ]);
  });

  test("the managed policy ARN carries the region's partition", () => {
    const [attachment] = blocks(build({ region: "cn-north-1" }).json, "aws_iam_role_policy_attachment");
    expect(attachment.policy_arn).toBe("arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
  });

  test("a long namePrefix is shortened to a role name prefix IAM accepts", () => {
    const { role, json } = build({ namePrefix: "x".repeat(60) });
    expect(block(json, role.role).name_prefix).toBe(`${"x".repeat(37)}-`);
    expect(awsName("iamRole", block(json, role.role).name_prefix, { prefix: true })).toBeUndefined();
  });
});

// A Secrets Manager valueFrom may name a JSON key, version stage and version id after the secret's
// ARN: arn:aws:secretsmanager:region:account:secret:name:json-key:version-stage:version-id
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
describe("secretArnOf", () => {
  test.each([
    [SECRET, SECRET],
    [`${SECRET}:password::`, SECRET],
    [`${SECRET}:password:AWSCURRENT:`, SECRET],
    [`${SECRET}::AWSPREVIOUS:0123abcd-0123-0123-0123-0123456789ab`, SECRET],
  ])("%s is secret %s", (valueFrom, arn) => {
    expect(secretArnOf(valueFrom)).toBe(arn);
  });
});

describe("secretStatements", () => {
  test("nothing to read: no statements", () => {
    expect(secretStatements([{ name: "app", image: "nginx:1.27" }])).toEqual([]);
  });

  test("each parameter, secret and key once across containers, sorted, with the registry credentials' key and the given keys", () => {
    const other = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-Zz9Yy8";
    const out = secretStatements(
      [
        {
          name: "a",
          image: "x",
          secrets: [
            { name: "P", valueFrom: `${SECRET}:password::` },
            { name: "T", valueFrom: PARAM },
          ],
        },
        {
          name: "b",
          image: "x",
          secrets: [
            { name: "U", valueFrom: `${SECRET}:username::` },
            { name: "K", valueFrom: other },
            { name: "T", valueFrom: PARAM },
          ],
          repositoryCredentials: { credentialsParameter: other, kmsKeyArn: KEY },
        },
      ],
      [SECRETS_KEY],
    );
    expect(out).toEqual([
      { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [PARAM] },
      { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [other, `${other}-??????`, SECRET, `${SECRET}-??????`] },
      { Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [KEY, SECRETS_KEY] },
    ]);
  });
});
