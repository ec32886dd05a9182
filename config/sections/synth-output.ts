/**
 * What the synth output looks like: `module` (Terraform module mode: a reusable Terraform module
 * instead of a root configuration), `backend` (where each stack keeps its state) and `moved`
 * (service renames that keep their resources in the state).
 */
import { boolean, list, object, optional, section, string, withDefault } from "../schema-dsl";
import { name } from "./common";

/** `module`: emit the stack as a reusable module: variables and outputs, no provider config, no backend. */
export const moduleSchema = withDefault(boolean(), false);

/**
 * Terraform's version constraint grammar: comma-separated constraints, each an operator
 * (`=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, or none for `=`) and a version of one to three numbers.
 * A prerelease suffix (`-beta1`) is allowed only with `=` or no operator, the only constraints
 * that can select a prerelease.
 * https://developer.hashicorp.com/terraform/language/expressions/version-constraints
 */
const VERSION = String.raw`\d+(?:\.\d+){0,2}`;
const PRERELEASE = String.raw`-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;
const ONE_CONSTRAINT = String.raw`\s*(?:(?:!=|>=|<=|>|<|~>)\s*${VERSION}|(?:=\s*)?${VERSION}(?:${PRERELEASE})?)\s*`;
export const TERRAFORM_VERSION_CONSTRAINT = new RegExp(`^${ONE_CONSTRAINT}(?:,${ONE_CONSTRAINT})*$`);

/** `required_providers` constraint on hashicorp/aws in module mode: every 5.x from 5.100 and 6.x. */
export const MODULE_AWS_PROVIDER_VERSION = ">= 5.100, < 7";
/** `required_providers` constraint on hashicorp/aws of a root configuration: the version the bindings were generated for. */
export const ROOT_AWS_PROVIDER_VERSION = "5.100.0";

/**
 * `awsProviderVersion`: the version constraint on hashicorp/aws written to `required_providers`.
 * @default ">= 5.100, < 7" in module mode (a caller on provider 5 or 6 can use the module);
 * "5.100.0" for root stacks (reproducible plans)
 */
export const awsProviderVersionSchema = optional(
  string({ pattern: TERRAFORM_VERSION_CONSTRAINT, maxLength: 128, describe: 'a Terraform version constraint like ">= 5.100, < 7" or "~> 6.0"' }),
);

/** The aws provider constraint a config's stacks declare. */
export function awsProviderVersionOf(config: { readonly module: boolean; readonly awsProviderVersion?: string }): string {
  return config.awsProviderVersion ?? (config.module ? MODULE_AWS_PROVIDER_VERSION : ROOT_AWS_PROVIDER_VERSION);
}

export const s3BackendSchema = object({
  bucket: string({ pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, maxLength: 63, describe: "an S3 bucket name like my-tf-state" }),
  /** The state key is `<keyPrefix>/<stack>.tfstate` (or `<stack>.tfstate` without a prefix). */
  keyPrefix: optional(string({ pattern: /^[A-Za-z0-9!_.*'()\-/]+$/, maxLength: 512, describe: "an S3 key prefix of letters, digits and !_.*'()-/, like ecs/prod" })),
  region: string({ pattern: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, describe: "an AWS region like eu-west-1" }),
  /** S3 native state locking (Terraform >= 1.10). */
  useLockfile: withDefault(boolean(), true),
  /** DynamoDB table for the older locking scheme. */
  dynamodbTable: optional(string({ pattern: /^[A-Za-z0-9_.-]{3,255}$/, maxLength: 255, describe: "a DynamoDB table name of 3 to 255 letters, digits and _.-" })),
  encrypt: withDefault(boolean(), true),
  kmsKeyId: optional(string({ pattern: /^arn:aws[a-z-]*:kms:|^alias\/|^[0-9a-f-]{36}$/, maxLength: 2048, describe: "a KMS key ARN, id or alias/name" })),
});

/** `backend`: local state (terraform.<stack>.tfstate at the project root) unless `s3` is set. */
export const backendSchema = section(object({ s3: optional(s3BackendSchema) }));

const servicePath = string({
  pattern: /^services\.([a-z][a-z0-9-]{0,30}[a-z0-9]|[a-z])$/,
  maxLength: 41,
  describe: "a service path like services.web",
});

/** `moved[]`: a service renamed from `from` to `to`; its resources keep their state. */
export const movedSchema = withDefault(list(object({ from: servicePath, to: servicePath }), { maxItems: 100, uniqueBy: (m) => m.from, uniqueKey: "from" }), []);

/** `services[].stack`: the stack a service lives in (`<name>-<stack>`); by default the cluster's stack. */
export const serviceStackSchema = optional(name);
