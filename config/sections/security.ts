/** `security`: the rule pack's allowances and suppressions (see rules/). */
import { boolean, list, object, optional, section, string, withDefault } from "../schema-dsl";

export const suppressionSchema = object({
  /** Rule id, e.g. ECS-EC2-LOG-RETENTION. */
  ruleId: string({ pattern: /^[A-Z0-9-]+$/, maxLength: 64, describe: "a rule id like ECS-EC2-LOG-RETENTION" }),
  /** Resource address (`aws_lb.lb-public_alb`), a type, or a glob (`aws_lb.*`). @default - every resource */
  address: optional(string({ maxLength: 256 })),
  /** Why the finding is accepted; listed in every synth summary. */
  reason: string({ minLength: 10, maxLength: 1024, describe: "a reason of at least 10 characters" }),
});

export const securitySchema = object({
  allow: section(
    object({
      /** Allow `privileged: true` containers. */
      privilegedContainers: withDefault(boolean(), false),
      /** Allow `network_mode = "host"` task definitions. */
      hostNetworkMode: withDefault(boolean(), false),
    }),
  ),
  suppressions: withDefault(list(suppressionSchema, { maxItems: 200 }), []),
});
