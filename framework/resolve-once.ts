/**
 * One resolution of each Terraform element per synth, shared by the security rule pack and the
 * stack that writes cdk.tf.json.
 *
 * cdktf resolves every element of a stack when it writes cdk.tf.json (`TerraformStack.toTerraform`:
 * `resolve(stack, element.toTerraform())` per element, then once more over the merged document).
 * The rule pack, an aspect, reads each resource it checks in that same resolved form, earlier in
 * the same synth (aspects run first). Resolving is cdktf's main per-resource cost, so the rule pack
 * keeps what it resolved here and the stack takes it instead of resolving the element again.
 *
 * The kept form is only valid while the element does not change. Between the aspect pass and
 * `toTerraform`, cdktf runs validations and asset copies, which change no element; another aspect
 * could, so a stack only takes kept forms when every aspect in it is one that shares them
 * (`canShareResolution`). A kept form is taken once, and whatever a pass left (a synth that
 * failed before writing, an HCL synth) is forgotten when the next aspect pass starts on the stack
 * (`forgetResolved`), so a second synth resolves afresh.
 */
import type { IConstruct } from "constructs";
import { Aspects, DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "./cdktf";

/** The resolver cdktf's own `resolve(scope, obj)` uses (cdktf/lib/_tokens.js). */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

const kept = new WeakMap<TerraformElement, unknown>();

/** Marks an aspect that changes no element (so resolved forms stay valid after it ran). */
export const SHARES_RESOLUTION: unique symbol = Symbol.for("cdktf-ecs-ec2/shares-resolution");

/** A value resolved in a stack as cdktf's own `resolve(scope, obj)` resolves it. */
export function resolveIn(stack: TerraformStack, value: unknown): any {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
}

/**
 * `element.toTerraform()` resolved in its stack, as cdk.tf.json will have it. With `keepForSynth`
 * (only from an aspect, during synth) the result is kept for the stack's `toTerraform`.
 */
export function resolveElement(element: TerraformElement, keepForSynth = false): any {
  if (keepForSynth && kept.has(element)) return kept.get(element);
  const resolved = resolveIn(TerraformStack.of(element), element.toTerraform());
  if (keepForSynth) kept.set(element, resolved);
  return resolved;
}

/** The kept resolved form of an element, once (undefined when none was kept). */
export function takeResolved(element: TerraformElement): { resolved: unknown } | undefined {
  if (!kept.has(element)) return undefined;
  const resolved = kept.get(element);
  kept.delete(element);
  return { resolved };
}

/** Forgets the kept forms of these elements (when they cannot be used). */
export function forgetResolved(elements: readonly TerraformElement[]): void {
  for (const e of elements) kept.delete(e);
}

/** cdktf's `terraformElements` (cdktf/lib/terraform-stack.js): a stack's elements, not those of a nested stack. */
export function stackElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    stackElements(child, into);
  }
  return into;
}

/** True when every aspect on the stack and below marks itself as changing no element. */
export function canShareResolution(stack: TerraformStack): boolean {
  return stack.node.findAll().every((c: IConstruct) => Aspects.of(c).all.every((a) => (a as { [SHARES_RESOLUTION]?: boolean })[SHARES_RESOLUTION] === true));
}
