/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testTimeout: 300000,
  // Terraform runs are process-bound: use both cores even on a 2-core machine.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/__tests__/summary-reporter.js"],
};
