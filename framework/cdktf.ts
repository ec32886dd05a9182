/**
 * The one place that imports the CDK for Terraform framework. CDKTF was archived on 2025-12-10; its
 * maintained fork cdktn has the same API, so moving to it changes this line and package.json only
 * (`npm run check:cdktn` proves it on every bundled config).
 */
export * from "cdktf";

/**
 * The framework's private stack-trace helper, which stacks/lean-traces.ts swaps out during synth
 * (its callers look the export up on every call); undefined when a release no longer has it.
 */
export function frameworkStackTraceModule(): { captureStackTrace: (below?: unknown) => string[] } | undefined {
  try {
    const traces = require("cdktf/lib/tokens/private/stack-trace");
    return typeof traces.captureStackTrace === "function" ? traces : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The framework's own deep merge (cdktf/lib/util.js), which `TerraformStack.toTerraform` merges
 * element fragments with; stacks/readable-stack.ts merges the same way.
 */
export function frameworkDeepMerge(): (target: Record<string, unknown>, ...sources: unknown[]) => Record<string, unknown> {
  return require("cdktf/lib/util").deepMerge;
}
