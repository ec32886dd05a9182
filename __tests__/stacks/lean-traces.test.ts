import { Lazy } from "../../framework/cdktf";
import { withLeanTokenTraces } from "../../stacks/lean-traces";
import { loadBundled, synthJson } from "../helpers/synth";

function plainObjectTrace(): string {
  const holder = { stack: "" };
  Error.captureStackTrace(holder);
  return holder.stack;
}

describe("withLeanTokenTraces", () => {
  test("leaves traces captured into plain objects empty while it runs, and only then", () => {
    expect(withLeanTokenTraces(plainObjectTrace)).toBe("");
    expect(plainObjectTrace()).toContain("plainObjectTrace");
  });

  test("keeps the usual stack of Error objects", () => {
    const stack = withLeanTokenTraces(() => new Error("boom").stack ?? "");
    expect(stack).toMatch(/^Error: boom\n {4}at /);
    expect(stack).toContain("lean-traces.test.ts");
  });

  test("restores the previous handler when the function throws", () => {
    const before = Error.prepareStackTrace;
    expect(() =>
      withLeanTokenTraces(() => {
        throw new Error("inside");
      }),
    ).toThrow("inside");
    expect(Error.prepareStackTrace).toBe(before);
  });

  test("changes nothing in the synthesized Terraform", () => {
    const config = loadBundled("configs/default.yaml");
    expect(withLeanTokenTraces(() => synthJson(config))).toEqual(synthJson(config));
  });
});

describe("withLeanTokenTraces and cdktf's token traces", () => {
  test("tokens made while it runs carry an empty creation trace; afterwards they have it again", () => {
    const lean = withLeanTokenTraces(() => Lazy.anyValue({ produce: () => 1 }));
    const full = Lazy.anyValue({ produce: () => 1 });
    expect(lean.creationStack).toEqual([]);
    expect(full.creationStack.length).toBeGreaterThan(0);
  });
});
