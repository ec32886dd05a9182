/**
 * Renamed services keep their state: for every resource of a renamed service the stack gets a
 * Terraform `moved` block from the address under the old name to the address under the new one.
 * Addresses are construct ids joined by `_` (stacks/readable-stack.ts); a service's constructs
 * are the stack's children named `<prefix><service>`.
 */
import { TerraformResource, TerraformStack } from "../framework/cdktf";

/** Ids of a service's top-level constructs start with one of these, followed by the service name. */
export const SERVICE_CONSTRUCT_PREFIXES = ["svc-", "task-role-", "scaling-"] as const;

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

/** The moved blocks for services of `stack` renamed `from` → `to`, sorted by target address. */
export function movedBlocks(stack: TerraformStack, renames: { from: string; to: string }[]): MovedBlock[] {
  const blocks: MovedBlock[] = [];
  for (const rename of renames) {
    for (const prefix of SERVICE_CONSTRUCT_PREFIXES) {
      const root = stack.node.tryFindChild(`${prefix}${rename.to}`);
      if (!root) continue;
      const newId = `${prefix}${rename.to}`;
      const oldId = `${prefix}${rename.from}`;
      for (const node of root.node.findAll()) {
        if (!TerraformResource.isTerraformResource(node)) continue;
        const resource = node as TerraformResource;
        const id = stack.getLogicalId(resource);
        if (!id.startsWith(newId)) throw new Error(`cannot derive the previous address of ${resource.node.path} (logical id ${id})`);
        const type = resource.terraformResourceType;
        blocks.push({ from: `${type}.${oldId}${id.slice(newId.length)}`, to: `${type}.${id}` });
      }
    }
  }
  return blocks.sort((a, b) => a.to.localeCompare(b.to));
}

/** Adds the `moved` blocks of the config's service renames that concern `stack`. */
export function addMovedBlocks(stack: TerraformStack, moved: readonly { from: string; to: string }[]): MovedBlock[] {
  const renames = moved.map((m) => ({ from: m.from.replace(/^services\./, ""), to: m.to.replace(/^services\./, "") }));
  const blocks = movedBlocks(stack, renames);
  if (blocks.length > 0) stack.addOverride("moved", blocks);
  return blocks;
}
