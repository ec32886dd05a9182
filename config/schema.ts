/**
 * The config file's schema: every key, its type, what is allowed and its default.
 * Defaults are resolved here, once; the stacks read a complete, typed model.
 * Each section lives in config/sections/.
 */
import { Infer, list, object, oneOf, optional, record, refine, section, string, withDefault } from "./schema-dsl";
import { tagKeys, tagValue } from "./validate/tags";
import { capacitySchema } from "./sections/capacity";
import { subnetId } from "./sections/common";
import { loadBalancerSchema } from "./sections/load-balancer";
import { backendSchema, moduleSchema, movedSchema } from "./sections/output";
import { securitySchema } from "./sections/security";
import { createServiceLinkedRoleSchema, serviceSchema } from "./sections/service";
import { alertsSchema } from "./sections/alerts";
import { taskSchema } from "./sections/tasks";

export const configSchema = object(
  {
    /** Stack name; the output lands in cdktf.out/stacks/<name>. Two characters at least: AWS name prefixes made from it (`<name>-`) need three. */
    name: string({ pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, maxLength: 32, describe: "a name of 2 to 32 lowercase letters, digits and dashes, starting with a letter" }),
    region: string({ pattern: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, describe: "an AWS region like eu-west-1" }),
    /** Tags on every resource (provider default tags); keys may not start with the reserved `aws:`. */
    tags: withDefault(refine(record(refine(string({ minLength: 0, maxLength: 256 }), tagValue), { maxLength: 128, describe: "tag keys" }), tagKeys), {}),
    network: object({
      vpcId: string({ pattern: /^vpc-[0-9a-f]{8,17}$/, describe: "a VPC id like vpc-0abc1234" }),
      /** Subnets for the container hosts (usually private). */
      hostSubnetIds: list(subnetId, { minItems: 1, maxItems: 16, uniqueBy: (s) => s, uniqueKey: "" }),
      /** Subnets for load balancers (public for internet-facing); at least two zones. */
      loadBalancerSubnetIds: optional(list(subnetId, { minItems: 2, maxItems: 16, uniqueBy: (s) => s, uniqueKey: "" })),
    }),
    cluster: section(
      object({
        /** CloudWatch Container Insights. */
        containerInsights: withDefault(oneOf(["enabled", "enhanced", "disabled"] as const), "enabled"),
      }),
    ),
    capacity: section(capacitySchema),
    loadBalancers: withDefault(list(loadBalancerSchema, { maxItems: 20, uniqueBy: (l) => l.name }), []),
    /** Security rule pack: allowances and suppressions with reasons. */
    security: section(securitySchema),
    services: withDefault(list(serviceSchema, { maxItems: 2000, uniqueBy: (s) => s.name }), []),
    /** Create the ECS service-linked role (once per account; leave false where it exists). */
    createServiceLinkedRole: createServiceLinkedRoleSchema,
    /** Task-failure and agent alerts (config/sections/alerts.ts); left out: none. */
    alerts: optional(alertsSchema),
    /** One-off and scheduled tasks (config/sections/tasks.ts). */
    tasks: withDefault(list(taskSchema, { maxItems: 100, uniqueBy: (t) => t.name }), []),
    /** Output shape: reusable module, state backend, service renames (config/sections/output.ts). */
    module: moduleSchema,
    backend: backendSchema,
    moved: movedSchema,
  },
  "a config mapping",
);

export type EcsConfig = Infer<typeof configSchema>;
export type ServiceConfig = EcsConfig["services"][number];
export type ContainerConfig = ServiceConfig["containers"][number];
export type LoadBalancerConfig = EcsConfig["loadBalancers"][number];
export type CapacityConfig = EcsConfig["capacity"];
