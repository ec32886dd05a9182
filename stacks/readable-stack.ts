import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack, frameworkDeepMerge } from "../framework/cdktf";
import { canShareResolution, forgetResolved, resolveIn, stackElements, takeResolved } from "../framework/resolve-once";

/**
 * A stack whose Terraform addresses read like the construct tree: `aws_ecs_service.web_service`
 * rather than cdktf's hashed `web_service_4F3A2B1C` (a component repeating its parent's id is
 * dropped: `cluster/cluster` is `cluster`). Addresses derive from construct ids, which
 * derive from names in the config, never from list positions, so adding a service changes no
 * other resource's address. Two elements that would get the same address are an error.
 *
 * In an app with only this stack, synth skips cdktf's preparing pass (see `prepareStack`), and
 * elements the security rule pack already resolved are not resolved again (see `toTerraform`).
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
    // As cdktf's App.synth finds them: nested stacks count too.
    const stacks = this.node.root.node.findAll().filter((c) => TerraformStack.isStack(c));
    if (stacks.length > 1) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
  }

  /**
   * cdktf's `TerraformStack.toTerraform` (cdktf/lib/terraform-stack.js, 0.21), step for step, except
   * that an element the rule pack resolved during the aspect pass of this synth is taken as resolved
   * (framework/resolve-once.ts) instead of being resolved a second time, and of the merged document
   * only the parts that can still hold tokens are resolved once more: every fragment is already
   * fully resolved (cdktf's resolver resolves what a token returns until no token is left), so
   * cdktf's last pass over them only walked plain JSON (about a tenth of the synth at 300
   * services). Every bundled config gives what cdktf's own toTerraform gives
   * (__tests__/stacks/readable-stack.test.ts).
   */
  public toTerraform(): any {
    const elements = stackElements(this);
    if (!canShareResolution(this)) {
      forgetResolved(elements);
      return super.toTerraform();
    }
    const self = this as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
    const deepMerge = frameworkDeepMerge();
    const resolve = (value: unknown) => resolveIn(this, value);
    const metadata: Record<string, unknown> = {
      version: self.cdktfVersion,
      stackName: this.node.id,
      backend: "local",
      cloud: undefined,
      ...(Object.keys(self.rawOverrides).length > 0 ? { overrides: { stack: Object.keys(self.rawOverrides) } } : {}),
    };
    for (const e of elements) deepMerge(metadata, resolve(e.toMetadata()));
    const outputs: Record<string, unknown> = {};
    for (const e of elements) {
      if (!TerraformOutput.isTerraformOutput(e)) continue;
      deepMerge(
        outputs,
        e.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: e.friendlyUniqueId } : { [part]: inner }), {}),
      );
    }
    const tf: Record<string, unknown> = { "//": { metadata, outputs } };
    const fragments = elements.map((e) => {
      const kept = takeResolved(e);
      return kept ? kept.resolved : resolve(e.toTerraform());
    });
    for (const fragment of fragments) deepMerge(tf, fragment);
    deepMerge(tf, self.rawOverrides);
    // cdktf resolves the whole merged document once more. Only the metadata and the top-level
    // blocks raw overrides went into can still hold tokens or undefined values (an override of
    // `undefined` removes a key); every other block is made of resolved fragments, unchanged by
    // another pass.
    const unresolved = new Set(["//", ...Object.keys(self.rawOverrides)]);
    const document: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tf)) {
      const resolved = unresolved.has(key) ? resolve(value) : value;
      if (resolved !== undefined) document[key] = resolved;
    }
    return document;
  }

  /** HCL output does not take kept forms; whatever the aspect pass kept is dropped. */
  public toHclTerraform(): { [key: string]: any } {
    forgetResolved(stackElements(this));
    return super.toHclTerraform();
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
