/**
 * The one place that imports the CDK for Terraform framework. CDKTF was archived on 2025-12-10; its
 * maintained fork cdktn has the same API, so moving to it changes this line and package.json only
 * (`npm run check:cdktn` proves it on every bundled config).
 */
export * from "cdktf";
