import { Construct, Node } from "constructs";
import { TerraformElement, TerraformStack } from "../framework/cdktf";

/**
 * A stack whose Terraform addresses read like the construct tree: `aws_ecs_service.web_service`
 * rather than cdktf's hashed `web_service_4F3A2B1C` (a component repeating its parent's id is
 * dropped: `cluster/cluster` is `cluster`). Addresses derive from construct ids, which
 * derive from names in the config, never from list positions, so adding a service changes no
 * other resource's address. Two elements that would get the same address are an error.
 *
 * In an app with only this stack, synth skips cdktf's preparing pass (see `prepareStack`).
 */
export class ReadableStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /**
   * cdktf's preparing pass resolves every element of the stack once, only to find references to
   * elements of other stacks and turn them into remote state lookups (`Reference.resolve` in
   * cdktf/lib/tfExpression.js is the one token that acts on `preparing`). In an app with one stack
   * there is no other stack to refer to, so the pass would change nothing: only the backend
   * default is set up (at 300 services that saves about a quarter of the CPU time, see
   * docs/performance.md). With several stacks the pass runs as usual.
   */
  public prepareStack(): void {
    const stacks = this.node.root.node.children.filter((c) => TerraformStack.isStack(c));
    if (stacks.length > 1) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
  }

  public allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const scopes = node.scopes;
    const components = scopes.slice(scopes.indexOf(this) + 1).map((c) => c.node.id);
    if (components.length === 0) return "";
    let id = components
      .filter((c, i) => c !== "Default" && c !== "Resource" && c !== components[i - 1])
      .join("_")
      .replace(/[^A-Za-z0-9_-]/g, "_");
    if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
    const path = node.path;
    const previous = this.allocated.get(id);
    if (previous !== undefined && previous !== path) {
      throw new Error(`Two constructs map to the Terraform name "${id}": ${previous} and ${path}`);
    }
    this.allocated.set(id, path);
    return id;
  }
}
