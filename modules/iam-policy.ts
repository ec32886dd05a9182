/**
 * Small pure helpers for IAM policy documents, so every role and policy is written the same way.
 */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: Record<string, string | string[]>;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document as a JSON string (Terraform's `policy` and `assume_role_policy` take strings). */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust policy letting one AWS service assume the role, optionally only under `condition`
 * (confused-deputy keys, where the service documents that it sends them).
 */
export function assumeRolePolicy(service: string, condition?: PolicyStatement["Condition"]): string {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }]);
}

/** AWS partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([, pattern]) => pattern.test(region))?.[0] ?? "aws";
}

/** Region patterns of the partitions other than `aws` (the AWS SDK's partitions data, `regionRegex`). */
const PARTITIONS: readonly (readonly [string, RegExp])[] = [
  ["aws-cn", /^cn-\w+-\d+$/],
  ["aws-us-gov", /^us-gov-\w+-\d+$/],
  ["aws-iso", /^us-iso-\w+-\d+$/],
  ["aws-iso-b", /^us-isob-\w+-\d+$/],
  ["aws-iso-e", /^eu-isoe-\w+-\d+$/],
  ["aws-iso-f", /^us-isof-\w+-\d+$/],
  ["aws-eusc", /^eusc-de-\w+-\d+$/],
];

/** ARN of an AWS managed policy, e.g. `service-role/AmazonECSTaskExecutionRolePolicy`. */
export function managedPolicyArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/${name}`;
}
