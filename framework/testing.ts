/**
 * Types of the jest matchers the framework's setupJest adds (toHaveResourceWithProperties, ...),
 * for __tests__/stacks/matchers.test.ts. Part of the framework seam: moving to cdktn switches this path too.
 */
import type {} from "cdktf/lib/testing/adapters/jest";

export {};
