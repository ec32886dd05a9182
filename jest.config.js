const { availableParallelism } = require("node:os");

/**
 * One config for `npm test` (everything) and `npm run test:unit` (everything but the tests that
 * run the Terraform CLI, which are the files named `*.tf.test.ts`). Tests are transpiled by swc
 * without a type check; `npm test` type-checks once before with `tsc --noEmit`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // Only a guard against a hung test, never a speed check: a loaded machine may take many
  // times longer than a quiet one.
  testTimeout: 30 * 60 * 1000,
  // One worker per core, at least two: Terraform runs wait on child processes, so a second
  // worker keeps a 2-core machine busy meanwhile.
  maxWorkers: Math.max(2, availableParallelism()),
  reporters: ["default", "<rootDir>/__tests__/summary-reporter.js"],
};
