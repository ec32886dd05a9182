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
import { awsProviderVersionSchema, backendSchema, moduleSchema, movedSchema } from "./sections/synth-output";
import { securitySchema } from "./sections/security";
import { createServiceLinkedRoleSchema, serviceConnectNamespaceSchema, serviceSchema } from "./sections/service";
import { alertsSchema } from "./sections/alerts";
import { taskSchema } from "./sections/tasks";

export const configSchema = object(
  {
    /** Stack name; the output lands in cdktf.out/stacks/<name>. Two characters at least: AWS name prefixes made from it (`<name>-`) need three. */
    name: string({ pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, maxLength: 32, describe: "a name of 2 to 32 lowercase letters, digits and dashes, starting with a letter" }),
    /** AWS region of the provider (and of `awslogs-region`). */
    region: string({ pattern: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, describe: "an AWS region like eu-west-1" }),
    /**
     * Environment of this config (dev, prod). The stacks, their state keys and every AWS name use
     * `<name>-<environment>`, so environments sharing a base never collide (docs/environments.md).
     * @default - none: `name` alone
     */
    environment: optional(
      string({ pattern: /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/, maxLength: 30, describe: "an environment name of lowercase letters, digits and dashes, like prod" }),
    ),
    /**
     * AWS account the stacks may be applied to: the provider's `allowed_account_ids`, so a plan with
     * credentials of another account stops before it changes anything.
     * @default - any account
     */
    account: optional(string({ pattern: /^\d{12}$/, describe: 'a 12-digit AWS account id, quoted like "123456789012"' })),
    /** Default tags on every resource, besides `managed-by` and `ecs-cluster`; keys may not start with the reserved `aws:`. */
    tags: withDefault(refine(record(refine(string({ minLength: 0, maxLength: 256 }), tagValue), { maxLength: 128, describe: "tag keys" }), tagKeys), {}),
    network: object({
      /** VPC of the hosts and load balancers. */
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
    /** Cloud Map namespace of the services' Service Connect (config/sections/service.ts). */
    serviceConnectNamespace: serviceConnectNamespaceSchema,
    /** Task-failure and agent alerts (config/sections/alerts.ts); left out: none. */
    alerts: optional(alertsSchema),
    /** One-off and scheduled tasks (config/sections/tasks.ts). */
    tasks: withDefault(list(taskSchema, { maxItems: 100, uniqueBy: (t) => t.name }), []),
    /** Synth output shape: Terraform module mode, state backend, service renames (config/sections/synth-output.ts). */
    module: moduleSchema,
    /** Version constraint on hashicorp/aws in `required_providers` (config/sections/synth-output.ts). */
    awsProviderVersion: awsProviderVersionSchema,
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
