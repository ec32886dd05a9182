/**
 * Terraform module mode (`module: true`): the environment-specific values of a config become Terraform variables (with the
 * config's values as defaults, a type, a description and validation), and the stack is built from
 * a copy of the config whose values are references to them.
 *
 * Names, sizes and structure stay literal: they decide which resources exist and their addresses.
 */
import { Construct } from "constructs";
import { Fn, TerraformVariable, TerraformVariableConfig, Token } from "../framework/cdktf";
import { LambdaFunction } from "../framework/provider-aws";
import { EcsConfig } from "../config/schema";
import { desiredCountOf } from "../config/sections/service";

/** Key of a container's image in the `images` variable: `<service>/<container>`. */
export function imageKey(service: string, container: string): string {
  return `${service}/${container}`;
}

/** Terraform list literal of strings, for validation conditions. */
function hclList(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

/**
 * A map variable's default, set as an override: cdktf rewrites the keys of a `default` object to
 * snake_case ("web/web" would become "web_web"), an override is written as given.
 */
function mapVariable(scope: Construct, id: string, config: TerraformVariableConfig, defaults: Record<string, unknown>): TerraformVariable {
  const variable = new TerraformVariable(scope, id, config);
  variable.addOverride("default", defaults);
  return variable;
}

/** Adds the module's variables to `scope`; returns the config with references in their place. */
export function withModuleVariables(scope: Construct, config: EcsConfig): EcsConfig {
  const vpcId = new TerraformVariable(scope, "vpc_id", {
    type: "string",
    description: "VPC the hosts, load balancers and target groups are in.",
    default: config.network.vpcId,
    validation: [{ condition: '${can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))}', errorMessage: "vpc_id must be a VPC id like vpc-0abc1234." }],
  });
  const hostSubnetIds = new TerraformVariable(scope, "host_subnet_ids", {
    type: "list(string)",
    description: "Subnets the Auto Scaling group launches ECS hosts into (usually private).",
    default: config.network.hostSubnetIds,
    validation: [
      {
        condition: '${length(var.host_subnet_ids) >= 1 && alltrue([for s in var.host_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])}',
        errorMessage: "host_subnet_ids must list at least one subnet id like subnet-0abc1234.",
      },
    ],
  });
  let loadBalancerSubnetIds = config.network.loadBalancerSubnetIds;
  if (config.loadBalancers.length > 0) {
    loadBalancerSubnetIds = new TerraformVariable(scope, "load_balancer_subnet_ids", {
      type: "list(string)",
      description: "Subnets of the load balancers: at least two, in different Availability Zones.",
      default: config.network.loadBalancerSubnetIds,
      validation: [
        {
          condition: '${length(var.load_balancer_subnet_ids) >= 2 && alltrue([for s in var.load_balancer_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])}',
          errorMessage: "load_balancer_subnet_ids must list at least two subnet ids like subnet-0abc1234.",
        },
      ],
    }).listValue;
  }

  const https = config.loadBalancers.filter((lb) => lb.certificateArn !== undefined).map((lb) => lb.name);
  const certificateArns =
    https.length === 0
      ? undefined
      : mapVariable(
          scope,
          "certificate_arns",
          {
            type: "map(string)",
            description: `ACM certificate ARN of each HTTPS load balancer, by load balancer name: ${https.join(", ")}.`,
            validation: [
              {
                condition: `\${alltrue([for k in ${hclList(https)} : can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arns[k]))])}`,
                errorMessage: `certificate_arns must map each of ${https.join(", ")} to an ACM certificate ARN like arn:aws:acm:...`,
              },
            ],
          },
          Object.fromEntries(config.loadBalancers.filter((lb) => lb.certificateArn).map((lb) => [lb.name, lb.certificateArn])),
        );

  const containerKeys = config.services.flatMap((s) => s.containers.map((c) => imageKey(s.name, c.name)));
  const images =
    containerKeys.length === 0
      ? undefined
      : mapVariable(
          scope,
          "images",
          {
            type: "map(string)",
            description: 'Container image of each container, by "<service>/<container>".',
            validation: [
              {
                condition: `\${alltrue([for k in ${hclList(containerKeys)} : try(length(var.images[k]) > 0, false)])}`,
                errorMessage: `images must give a non-empty image for each of: ${containerKeys.join(", ")}.`,
              },
            ],
          },
          Object.fromEntries(config.services.flatMap((s) => s.containers.map((c) => [imageKey(s.name, c.name), c.image]))),
        );
  // DAEMON services run one task per host: they have no desired count (and get no entry).
  const counted = config.services.filter((s) => desiredCountOf(s) !== undefined);
  const serviceNames = counted.map((s) => s.name);
  const desiredCounts =
    serviceNames.length === 0
      ? undefined
      : mapVariable(
          scope,
          "desired_counts",
          {
            type: "map(number)",
            description: "Number of tasks of each service, by service name.",
            validation: [
              {
                condition: `\${alltrue([for k in ${hclList(serviceNames)} : try(var.desired_counts[k] >= 0 && floor(var.desired_counts[k]) == var.desired_counts[k], false)])}`,
                errorMessage: `desired_counts must give a whole number of 0 or more for each of: ${serviceNames.join(", ")}.`,
              },
            ],
          },
          Object.fromEntries(counted.map((s) => [s.name, s.desiredCount])),
        );

  return {
    ...config,
    network: {
      ...config.network,
      vpcId: vpcId.stringValue,
      hostSubnetIds: hostSubnetIds.listValue,
      loadBalancerSubnetIds,
    },
    loadBalancers: config.loadBalancers.map((lb) =>
      lb.certificateArn && certificateArns ? { ...lb, certificateArn: Token.asString(Fn.lookup(certificateArns.value, lb.name)) } : lb,
    ),
    services: config.services.map((s) => ({
      ...s,
      desiredCount: desiredCounts && desiredCountOf(s) !== undefined ? Token.asNumber(Fn.lookup(desiredCounts.value, s.name)) : s.desiredCount,
      containers: s.containers.map((c) => ({
        ...c,
        image: images ? Token.asString(Fn.lookup(images.value, imageKey(s.name, c.name))) : c.image,
      })),
    })),
  };
}

/**
 * Points Lambda deployment packages (cdktf assets, written next to the stack) at the module's own
 * folder: Terraform resolves a relative `filename` from the caller's working directory, so in a
 * module it must start with `${path.module}`.
 */
export function relocateAssetsForModule(scope: Construct): void {
  for (const node of scope.node.findAll()) {
    if (!(node instanceof LambdaFunction)) continue;
    const filename = node.filenameInput;
    if (filename !== undefined && !filename.startsWith("${path.module}")) node.filename = `\${path.module}/${filename}`;
  }
}
