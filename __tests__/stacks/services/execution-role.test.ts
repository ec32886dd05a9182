import { resources } from "../../helpers/synth";
import { inlinePolicies, only, serviceYaml, synth } from "../../helpers/services";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
const PARAM = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token";
const REGISTRY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-XyZ123";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("task execution role", () => {
  test("is one role per service, used by that service's task definition", () => {
    const json = synth(
      serviceYaml(`
containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]
`).replace("services:\n", `services:\n  - name: other\n    containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]\n`),
    );
    const roles = Object.keys(resources(json, "aws_iam_role"));
    expect(roles).toEqual(expect.arrayContaining(["svc-web_execution-role_role", "svc-other_execution-role_role"]));
    const td = resources(json, "aws_ecs_task_definition")["svc-web_task"];
    expect(td.execution_role_arn).toBe("${aws_iam_role.svc-web_execution-role_role.arn}");
  });

  test("may read exactly the task's parameters and secrets (without the JSON key suffix)", () => {
    const json = synth(
      serviceYaml(`
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
    secrets:
      - { name: DB_PASSWORD, valueFrom: "${SECRET}:password::" }
      - { name: DB_USER, valueFrom: "${SECRET}:username::" }
      - { name: TOKEN, valueFrom: ${PARAM} }
`),
    );
    const [policy] = inlinePolicies(json, "execution-role");
    expect(policy.Statement).toEqual([
      { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [PARAM] },
      { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET, `${SECRET}-??????`] },
    ]);
  });

  test("may read the private registry credentials and decrypt them with the named key only", () => {
    const json = synth(
      serviceYaml(`
containers:
  - name: app
    image: registry.example.com/app:1
    memoryReservation: 128
    repositoryCredentials: { credentialsParameter: ${REGISTRY}, kmsKeyArn: ${KEY} }
`),
    );
    const [policy] = inlinePolicies(json, "execution-role");
    expect(policy.Statement).toEqual([
      { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [REGISTRY, `${REGISTRY}-??????`] },
      { Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [KEY] },
    ]);
  });

  test("may decrypt the secrets with exactly the customer managed keys named in secretsKmsKeyArns", () => {
    const json = synth(
      serviceYaml(`
secretsKmsKeyArns: [${KEY}]
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
    secrets: [{ name: TOKEN, valueFrom: ${PARAM} }]
`),
    );
    const [policy] = inlinePolicies(json, "execution-role");
    expect(policy.Statement).toEqual([
      { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [PARAM] },
      { Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [KEY] },
    ]);
  });

  test("has no inline policy when the task reads no secrets", () => {
    const json = synth(serviceYaml(`containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]`));
    expect(inlinePolicies(json, "svc-web_execution-role")).toEqual([]);
    expect(only(json, "aws_ecs_task_definition").task_role_arn).toBe("${aws_iam_role.svc-web_task-role_role.arn}");
  });

  test("lets the task role mount an IAM-authorized EFS volume, and write only when a mount is writable", () => {
    const yaml = (readOnly: boolean) =>
      serviceYaml(`
volumes: [{ name: data, efs: { fileSystemId: fs-0123456789abcdef0, iam: ENABLED } }]
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
    mountPoints: [{ sourceVolume: data, containerPath: /data, readOnly: ${readOnly} }]
`);
    const writable = inlinePolicies(synth(yaml(false)), "task-role")[0].Statement[0];
    expect(writable.Action).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
    expect(writable.Resource).toBe("arn:aws:elasticfilesystem:eu-west-1:*:file-system/fs-0123456789abcdef0");
    expect(inlinePolicies(synth(yaml(true)), "task-role")[0].Statement[0].Action).toEqual(["elasticfilesystem:ClientMount"]);
  });
});
