/**
 * AWS's rules for the names this project generates: length, characters and reserved prefixes,
 * one entry per kind of resource, each with the API reference it comes from. A `name_prefix` is
 * checked with the characters Terraform appends (26: a timestamp and a counter).
 */

export interface AwsNameRule {
  /** What the name is, for messages: "an Application Load Balancer name". */
  readonly what: string;
  readonly minLength?: number;
  readonly maxLength: number;
  /** Every character must match. */
  readonly characters: RegExp;
  /** The characters, as a phrase. */
  readonly charactersText: string;
  /** Prefixes AWS refuses (compared case-insensitively when `ignoreCase`). */
  readonly reservedPrefixes?: readonly string[];
  readonly ignoreCase?: boolean;
  /** The name may not begin or end with a hyphen. */
  readonly noEdgeHyphen?: boolean;
  readonly source: string;
}

const ALNUM_HYPHEN = { characters: /^[A-Za-z0-9-]*$/, charactersText: "letters, digits and hyphens" };
const ECS = { characters: /^[A-Za-z0-9_-]*$/, charactersText: "letters, digits, hyphens and underscores" };
const IAM = { characters: /^[\w+=,.@-]*$/, charactersText: "letters, digits and _+=,.@-" };

export const AWS_NAME_RULES = {
  loadBalancer: {
    what: "an Application Load Balancer name",
    maxLength: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    reservedPrefixes: ["internal-"],
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
  },
  targetGroup: {
    what: "a target group name",
    maxLength: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
  },
  iamRole: { what: "an IAM role name", maxLength: 64, ...IAM, source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html" },
  instanceProfile: { what: "an IAM instance profile name", maxLength: 128, ...IAM, source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html" },
  logGroup: {
    what: "a CloudWatch Logs log group name",
    maxLength: 512,
    characters: /^[\w\-/.#]*$/,
    charactersText: "letters, digits and _-/.#",
    reservedPrefixes: ["aws/"],
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  },
  ecsCluster: { what: "an ECS cluster name", maxLength: 255, ...ECS, source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html" },
  ecsService: { what: "an ECS service name", maxLength: 255, ...ECS, source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html" },
  taskFamily: { what: "a task definition family", maxLength: 255, ...ECS, source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html" },
  capacityProvider: {
    what: "a capacity provider name",
    maxLength: 255,
    ...ECS,
    reservedPrefixes: ["aws", "ecs", "fargate"],
    ignoreCase: true,
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html",
  },
  autoScalingGroup: {
    what: "an Auto Scaling group name",
    maxLength: 255,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is that the name holds no control character
    characters: /^[^\u0000-\u001f]*$/,
    charactersText: "printable characters",
    source: "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html",
  },
  launchTemplate: {
    what: "a launch template name",
    minLength: 3,
    maxLength: 128,
    characters: /^[A-Za-z0-9().\-/_]*$/,
    charactersText: "letters, digits and ().-/_",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html",
  },
  securityGroup: {
    what: "a security group name",
    maxLength: 255,
    characters: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/,
    charactersText: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
    reservedPrefixes: ["sg-"],
    ignoreCase: true,
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
  },
  snsTopic: { what: "an SNS topic name", maxLength: 256, ...ECS, source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" },
  lambdaFunction: { what: "a Lambda function name", maxLength: 64, ...ECS, source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" },
  schedule: {
    what: "an EventBridge Scheduler schedule name",
    maxLength: 64,
    characters: /^[0-9a-zA-Z\-_.]*$/,
    charactersText: "letters, digits and -_.",
    source: "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html",
  },
  eventRule: {
    what: "an EventBridge rule name",
    maxLength: 64,
    characters: /^[.\-_A-Za-z0-9]*$/,
    charactersText: "letters, digits and .-_",
    source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
  },
} as const satisfies Record<string, AwsNameRule>;

export type AwsNameKind = keyof typeof AWS_NAME_RULES;

/** Characters Terraform appends to a `name_prefix` (a timestamp and a counter). */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/**
 * Problem with a name, as the "allowed" phrase (`<name> is not <phrase>`); undefined when AWS
 * accepts it. `prefix`: the name is a Terraform `name_prefix`, so it may end with a hyphen and
 * Terraform's characters count towards the length.
 */
export function awsName(kind: AwsNameKind, name: string, options: { prefix?: boolean } = {}): string | undefined {
  const rule: AwsNameRule = AWS_NAME_RULES[kind];
  const added = options.prefix ? NAME_PREFIX_SUFFIX_LENGTH : 0;
  const length = name.length + added;
  const min = rule.minLength ?? 1;
  if (length < min || length > rule.maxLength) {
    const counted = added ? `, with the ${added} characters Terraform appends to the prefix, ${length}` : `${length}`;
    return `${rule.what} of ${min} to ${rule.maxLength} characters (this one has${added ? "" : " "}${counted})`;
  }
  if (!rule.characters.test(name)) return `${rule.what} of ${rule.charactersText} only`;
  if (rule.noEdgeHyphen && (name.startsWith("-") || (!options.prefix && name.endsWith("-")))) return `${rule.what} that begins and ends with a letter or digit`;
  const compared = rule.ignoreCase ? name.toLowerCase() : name;
  const reserved = rule.reservedPrefixes?.find((p) => compared.startsWith(p));
  if (reserved) return `${rule.what}: AWS reserves the prefix ${JSON.stringify(reserved)}`;
  return undefined;
}
