import { list, violations } from "./attributes";
import { containerDefinitionsOf, containerLabel } from "./container-definitions";
import type { Rule } from "./types";

/** Environment variable names that look like they carry a secret. */
export const SECRET_LIKE_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|CREDENTIAL/i;
/** Names that carry a pointer to a secret, not the secret itself (e.g. DB_PASSWORD_SECRET_ARN). */
const SECRET_REFERENCE_NAME = /(_ARN|_NAME|_ID|_PATH|_FILE|_PARAM|_PARAMETER|_URL|_ENDPOINT)$/i;

function looksLikeReference(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (/^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/i.test(value)) return true;
  // "${aws_secretsmanager_secret.db.arn}" and similar: a pointer to the secret, not its value
  return /^\$\{(data\.)?(aws_secretsmanager_secret|aws_ssm_parameter)\.[A-Za-z0-9_-]+\.(arn|id|name)\}$/.test(value);
}

/** Secrets reach containers through `secrets` (Secrets Manager / SSM), not plain `environment` values. */
export const taskSecretsNotInEnvironment: Rule = {
  id: "ECS-EC2-TASK-SECRETS-NOT-IN-ENV",
  level: "warning",
  appliesTo: ["aws_ecs_task_definition"],
  message: "Container passes a secret-looking value as a plain environment variable",
  explanation:
    "Plain environment values are stored in clear text in the task definition, visible to anyone with " +
    "ecs:DescribeTaskDefinition and in Terraform state. Pass them with the container's `secrets` " +
    "(valueFrom a Secrets Manager secret or SSM SecureString ARN) so the execution role fetches them at start. " +
    "Variables holding only a reference (names ending in _ARN, _NAME, _ID, ... or values that are secret ARNs) are " +
    "accepted. AWS FSBP ECS.8 (secrets should not be passed as container environment variables); cdk-nag " +
    "AwsSolutions-ECS2.",
  check(resource) {
    const containers = containerDefinitionsOf(resource.attributes);
    if (!containers) return "compliant";
    const problems: string[] = [];
    containers.forEach((c, i) => {
      for (const env of list(c.environment)) {
        if (env === null || typeof env !== "object") continue;
        const { name, value } = env as { name?: unknown; value?: unknown };
        if (typeof name !== "string" || !SECRET_LIKE_NAME.test(name) || SECRET_REFERENCE_NAME.test(name)) continue;
        if (value === undefined || value === null || value === "" || looksLikeReference(value)) continue;
        problems.push(`${containerLabel(c, i)} sets environment ${name}`);
      }
    });
    return violations(problems);
  },
};
