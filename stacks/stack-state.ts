/**
 * Where a stack keeps its state: local (terraform.<stack>.tfstate at the project root) by default, S3 when
 * `backend.s3` is set, none at all in module mode (a module's caller owns state and providers).
 */
import { LocalBackend, S3Backend, TerraformStack } from "../framework/cdktf";
import { EcsConfig } from "../config/schema";
import { awsProviderVersionOf } from "../config/sections/synth-output";

/** Whether the config splits services into stacks of their own. */
export function isSplit(config: EcsConfig): boolean {
  return config.services.some((s) => s.stack !== undefined);
}

/** The state key of a stack in the S3 bucket: `<keyPrefix>/<stack>.tfstate`. */
export function s3StateKey(keyPrefix: string | undefined, stackName: string): string {
  const prefix = (keyPrefix ?? "").replace(/\/+$/, "");
  return prefix ? `${prefix}/${stackName}.tfstate` : `${stackName}.tfstate`;
}

/** Local state file of a stack, relative to its folder cdktf.out/stacks/<stack>. */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/**
 * Adds the stack's backend. Call once per stack, before its resources.
 * In module mode the backend and every `provider` block are removed from the output (only
 * `required_providers` stays), so the result can be called as a child module.
 */
export function configureState(stack: TerraformStack, config: EcsConfig): void {
  const name = stack.node.id;
  // The bindings pin what they were generated for (5.100.0); the config decides what is declared.
  stack.addOverride("terraform.required_providers.aws.version", awsProviderVersionOf(config));
  if (config.module) {
    stack.addOverride("terraform.backend", undefined);
    stack.addOverride("provider", undefined);
    return;
  }
  const s3 = config.backend.s3;
  if (s3) {
    new S3Backend(stack, {
      bucket: s3.bucket,
      key: s3StateKey(s3.keyPrefix, name),
      region: s3.region,
      encrypt: s3.encrypt,
      kmsKeyId: s3.kmsKeyId,
      dynamodbTable: s3.dynamodbTable,
    });
    // S3 native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no prop for it.
    if (s3.useLockfile) stack.addOverride("terraform.backend.s3.use_lockfile", true);
    return;
  }
  // Local state at the project root, `terraform.<stack>.tfstate`, as cdktf does by default, but
  // written as a path relative to the stack folder (cdktf.out/stacks/<stack>) so the output is the
  // same on every machine. Outside cdktf.out, state survives `cdktf synth` deleting the folder of
  // a stack that was renamed or removed; the other stacks' terraform_remote_state (which reuses
  // this path) finds it from their own folders.
  new LocalBackend(stack, { path: localStatePath(name) });
}
