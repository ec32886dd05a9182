import { Construct } from "constructs";
import { IamRole } from "../framework/provider-aws";
import { IamRolePolicy } from "../framework/provider-aws";
import { IamRolePolicyAttachment } from "../framework/provider-aws";
import { ContainerProps } from "./container-definitions";
import { PolicyStatement, assumeRolePolicy, managedPolicyArn, policyDocument } from "./iam-policy";
import { fitPrefix } from "./names";

/** The secret's own ARN: a `valueFrom` without its `:json-key:version-stage:version-id` suffix. */
export function secretArnOf(valueFrom: string): string {
  return valueFrom.split(":").slice(0, 7).join(":");
}

/**
 * Exactly what the containers' secrets and registry credentials need, and nothing more:
 * ssm:GetParameters on the parameters, secretsmanager:GetSecretValue on the secrets,
 * kms:Decrypt on named customer keys (the registry credentials' key and `secretsKmsKeyArns`).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
 */
export function secretStatements(containers: ContainerProps[], secretsKmsKeyArns: string[] = []): PolicyStatement[] {
  const parameters = new Set<string>();
  const secrets = new Set<string>();
  const keys = new Set<string>(secretsKmsKeyArns);
  for (const c of containers) {
    for (const s of c.secrets ?? []) {
      if (s.valueFrom.includes(":secretsmanager:")) secrets.add(secretArnOf(s.valueFrom));
      else parameters.add(s.valueFrom);
    }
    if (c.repositoryCredentials) {
      secrets.add(c.repositoryCredentials.credentialsParameter);
      if (c.repositoryCredentials.kmsKeyArn) keys.add(c.repositoryCredentials.kmsKeyArn);
    }
  }
  const out: PolicyStatement[] = [];
  if (parameters.size > 0) out.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [...parameters].sort() });
  if (secrets.size > 0) {
    // A secret's full ARN ends in "-" and 6 random characters that a config may leave out (and a
    // name may end in 6 characters after a dash too, so the two cannot be told apart): grant the
    // ARN as given and the ARN plus that suffix, which matches exactly one secret either way.
    const resources = [...secrets].flatMap((arn) => [arn, `${arn}-??????`]);
    out.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: resources.sort() });
  }
  if (keys.size > 0) out.push({ Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [...keys].sort() });
  return out;
}

export interface TaskExecutionRoleProps {
  /** Prefix for the role name. */
  readonly namePrefix: string;
  /** Region, for the partition of the managed policy ARN. */
  readonly region: string;
  /**
   * Extra statements: exactly the secrets, parameters and registry credentials the tasks read.
   * @default - none: only image pulls and logs
   */
  readonly statements?: PolicyStatement[];
}

/**
 * The role ECS uses to start a task: pull images, write logs, read the task's secrets.
 * It trusts ecs-tasks.amazonaws.com and carries AmazonECSTaskExecutionRolePolicy:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
export class TaskExecutionRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      namePrefix: `${fitPrefix(`${props.namePrefix}-exec`, 37)}-`,
      description: "ECS task execution: image pulls, logs and the task's secrets",
      // No confused-deputy condition here: the task execution role guide's trust policy has none,
      // and a condition the service does not satisfy would stop every task from starting.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
      assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "managed", {
      role: this.role.name,
      policyArn: managedPolicyArn(props.region, "service-role/AmazonECSTaskExecutionRolePolicy"),
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "secrets", {
        role: this.role.name,
        name: "task-secrets",
        policy: policyDocument(props.statements),
      });
    }
  }
}
