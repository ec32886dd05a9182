/**
 * fast-check arbitraries for config files: valid configs over the foundation keys, and the
 * helpers the broken-config properties use to find and change one value at a known path.
 *
 * Valid means what AWS accepts as well as what the schema accepts: only image
 * family/architecture/variant combinations AWS publishes, volume settings that fit the volume
 * type, load balancer attachments to containers that expose the port, and unique listener rule
 * priorities where services share a load balancer.
 */
import fc from "fast-check";
import { stringify } from "yaml";

/** A plain config document (what the YAML file holds). */
export type Doc = Record<string, unknown>;

/** Fixed seed so a failure reproduces; change it to explore other inputs. */
export const SEED = 20240508;

const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const LOWER_DIGIT = [...LOWER, ..."0123456789".split("")];
const HEX = "0123456789abcdef".split("");

/** A config name: 1 to 32 lowercase letters, digits and dashes, starting with a letter. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...LOWER),
  fc.tuple(fc.constantFrom(...LOWER), fc.string({ unit: fc.constantFrom(...LOWER_DIGIT, "-"), maxLength: 30 }), fc.constantFrom(...LOWER_DIGIT)).map(([a, b, c]) => a + b + c),
);

/**
 * The config's own name: 2 characters at least (AWS name prefixes made from it need 3), and not a
 * name whose derived names AWS reserves (`sg-` security groups, `internal-` load balancers).
 */
const stackNameArb = nameArb.filter((n) => n.length >= 2 && !/^(sg-|sg$|internal-|internal$)/.test(n));

const hexId = (prefix: string) => fc.string({ unit: fc.constantFrom(...HEX), minLength: 8, maxLength: 17 }).map((h) => `${prefix}-${h}`);

const regionArb = fc.constantFrom("eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "ap-northeast-3", "eu-central-1", "sa-east-1");

const tagsArb = fc.dictionary(
  fc.string({ unit: fc.constantFrom(..."abcXYZ019 _.:/=+-@".split("")), minLength: 1, maxLength: 128 }).filter((k) => !k.startsWith("aws:")),
  fc.string({ unit: fc.constantFrom(..."abc XYZ 0123 _.:/=+-@".split("")), maxLength: 256 }),
  { maxKeys: 4 },
);

const ipv4Cidr = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
  .map(([a, b, bits]) => `10.${a}.${b}.0/${Math.max(bits, 24)}`);
const cidrArb = fc.oneof(ipv4Cidr, fc.constantFrom("0.0.0.0/0", "192.168.0.0/16", "172.16.0.0/12", "::/0", "2001:db8::/32"));

/** Image family/architecture/variant combinations AWS publishes an ECS-optimized AMI for. */
export const PUBLISHED_IMAGES = [
  { family: "al2023", architecture: "x86_64", variant: "standard", instanceTypes: ["m6i.large", "c6i.xlarge", "t3.medium"] },
  { family: "al2023", architecture: "arm64", variant: "standard", instanceTypes: ["m7g.large", "t4g.medium"] },
  { family: "al2023", architecture: "x86_64", variant: "gpu", instanceTypes: ["g4dn.xlarge", "g5.2xlarge"] },
  { family: "al2", architecture: "x86_64", variant: "standard", instanceTypes: ["m5.large", "t3.small"] },
  { family: "al2", architecture: "arm64", variant: "standard", instanceTypes: ["m6g.large"] },
  { family: "al2", architecture: "x86_64", variant: "gpu", instanceTypes: ["p3.2xlarge", "g4dn.xlarge"] },
  { family: "al1", architecture: "x86_64", variant: "standard", instanceTypes: ["m5.large"] },
  { family: "bottlerocket", architecture: "x86_64", variant: "standard", instanceTypes: ["m6i.large"] },
  { family: "bottlerocket", architecture: "arm64", variant: "standard", instanceTypes: ["c7g.large"] },
  { family: "bottlerocket", architecture: "x86_64", variant: "gpu", instanceTypes: ["g4dn.xlarge"] },
  { family: "bottlerocket", architecture: "arm64", variant: "gpu", instanceTypes: ["g5g.xlarge"] },
] as const;

const imageArb = fc.constantFrom(...PUBLISHED_IMAGES).chain((img) =>
  fc.record({
    // The defaults (al2023 / x86_64 / standard) are left out sometimes, to exercise them.
    image: fc.record(
      {
        family: fc.constant(img.family),
        architecture: fc.constant(img.architecture),
        variant: fc.constant(img.variant),
        id: fc.option(hexId("ami"), { nil: undefined }),
      },
      {
        requiredKeys:
          img.family === "al2023"
            ? []
            : ["family", ...(img.architecture === "x86_64" ? [] : ["architecture" as const]), ...(img.variant === "standard" ? [] : ["variant" as const])],
      },
    ),
    instanceType: fc.constantFrom(...img.instanceTypes),
  }),
);

/** Volume settings that fit the volume type: iops for gp3 (3000-16000), io1, io2; throughput for gp3 only. */
const dockerVolumeArb = fc.oneof(
  fc.record(
    {
      sizeGiB: fc.integer({ min: 30, max: 16384 }),
      type: fc.constant("gp3"),
      iops: fc.integer({ min: 3000, max: 16000 }),
      throughputMiBps: fc.integer({ min: 125, max: 1000 }),
    },
    { requiredKeys: [] },
  ),
  fc.record({ sizeGiB: fc.integer({ min: 30, max: 16384 }), type: fc.constant("gp2") }, { requiredKeys: ["type"] }),
  fc.record({ sizeGiB: fc.integer({ min: 30, max: 16384 }), type: fc.constantFrom("io1", "io2"), iops: fc.integer({ min: 100, max: 64000 }) }, { requiredKeys: ["type", "iops"] }),
);

const capacityArb = fc
  .tuple(
    imageArb,
    fc.integer({ min: 0, max: 20 }),
    fc.integer({ min: 0, max: 20 }),
    fc.integer({ min: 0, max: 40 }),
    fc.boolean(),
    fc.record(
      {
        launchMode: fc.constantFrom("launch-template", "launch-configuration"),
        dockerVolume: dockerVolumeArb,
        keyName: fc.string({ unit: fc.constantFrom(...LOWER_DIGIT, "-", "_"), minLength: 1, maxLength: 40 }),
        sessionManager: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([{ image, instanceType }, a, b, c, withDesired, rest]) => {
    const minSize = Math.min(a, b);
    const maxSize = Math.max(2, a, b); // instance refresh needs room for a replacement host
    const desired = minSize + (c % (maxSize - minSize + 1));
    return { instanceType, minSize, maxSize, ...(withDesired ? { desiredCapacity: desired } : {}), image, ...rest };
  });

const loadBalancerArb = fc.record(
  {
    // A name of 28 characters or more is the ALB name on its own: not `internal-...`.
    name: nameArb.filter((n) => !n.startsWith("internal-")),
    internal: fc.boolean(),
    ingressCidrs: fc.uniqueArray(cidrArb, { minLength: 1, maxLength: 3 }),
    certificateArn: fc.uuid().map((u) => `arn:aws:acm:eu-west-1:123456789012:certificate/${u}`),
    sslPolicy: fc.constantFrom("ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-2016-08"),
    idleTimeoutSeconds: fc.integer({ min: 1, max: 4000 }),
  },
  { requiredKeys: ["name"] },
);

const portMappingArb = fc.record(
  {
    containerPort: fc.integer({ min: 1, max: 65535 }),
    // Dynamic host ports: fixed ones collide when several copies share a host (config/checks).
    hostPort: fc.constant(0),
    protocol: fc.constantFrom("tcp", "udp"),
  },
  { requiredKeys: ["containerPort"] },
);

const envArb = fc.dictionary(
  fc.tuple(fc.constantFrom(..."ABCXYZ_".split("")), fc.string({ unit: fc.constantFrom(..."ABC_019".split("")), maxLength: 20 })).map(([a, b]) => a + b),
  fc.string({ maxLength: 40 }),
  { maxKeys: 3 },
);

/**
 * Containers small enough for every instance type above (config/checks: a task must fit on a
 * host; memoryReservation below memory; some memory set when the task sets none).
 */
const containerArb = fc
  .tuple(
    fc.record(
      {
        name: nameArb,
        image: fc.constantFrom("public.ecr.aws/nginx/nginx:1.27", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1", "busybox", `ghcr.io/o/app@sha256:${"a".repeat(64)}`),
        cpu: fc.integer({ min: 0, max: 256 }),
        essential: fc.boolean(),
        command: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 3 }),
        entryPoint: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 2 }),
        environment: envArb,
        portMappings: fc.uniqueArray(portMappingArb, { selector: (p) => p.containerPort, maxLength: 3 }),
      },
      { requiredKeys: ["name", "image"] },
    ),
    fc.integer({ min: 6, max: 256 }),
    fc.integer({ min: 1, max: 256 }),
    fc.constantFrom("memory", "memoryReservation", "both"),
  )
  .map(([c, reservation, extra, which]) => ({
    ...c,
    ...(which === "memory" || which === "both" ? { memory: reservation + extra } : {}),
    ...(which === "memoryReservation" || which === "both" ? { memoryReservation: reservation } : {}),
  }));

const deploymentArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 100, max: 200 }), fc.boolean(), fc.boolean())
  .filter(([min, max]) => min < max)
  .map(([minimumHealthyPercent, maximumPercent, circuitBreaker, rollback]) => ({ minimumHealthyPercent, maximumPercent, circuitBreaker, rollback }));

const RETENTION = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const serviceArb = fc.record(
  {
    name: nameArb,
    desiredCount: fc.integer({ min: 0, max: 50 }),
    containers: fc.uniqueArray(containerArb, { selector: (c) => c.name, minLength: 1, maxLength: 3 }),
    cpu: fc.integer({ min: 128, max: 1024 }),
    // Task memory at or above what its containers ask for (at most 3 x 512 MiB).
    memory: fc.integer({ min: 1536, max: 1900 }),
    deployment: deploymentArb,
    healthCheckGracePeriodSeconds: fc.integer({ min: 0, max: 7200 }),
    logs: fc.record({ retentionInDays: fc.constantFrom(...RETENTION), groupName: fc.constant(true) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["name", "containers"] },
);

/** How a service attaches to a load balancer, decided before the names are known. */
const attachmentArb = fc.record(
  {
    attach: fc.boolean(),
    lbPick: fc.nat(),
    namedContainer: fc.boolean(),
    namedPort: fc.boolean(),
    portPick: fc.nat(),
    pathPatterns: fc.array(fc.constantFrom("/*", "/api/*", "/static/*", "/health"), { minLength: 1, maxLength: 3 }),
    hostHeaders: fc.array(fc.constantFrom("example.com", "*.example.org", "api.example.net"), { maxLength: 2 }),
    healthCheckPath: fc.constantFrom("/", "/health", "/status/ok"),
    healthCheckMatcher: fc.constantFrom("200", "200-399", "200,204"),
    deregistrationDelaySeconds: fc.integer({ min: 0, max: 3600 }),
  },
  { requiredKeys: ["attach", "lbPick", "namedContainer", "namedPort", "portPick"] },
);

/** A valid config document over the foundation keys. */
export const validConfigArb: fc.Arbitrary<Doc> = fc
  .record({
    name: stackNameArb,
    region: regionArb,
    tags: fc.option(tagsArb, { nil: undefined }),
    vpcId: hexId("vpc"),
    hostSubnetIds: fc.uniqueArray(hexId("subnet"), { minLength: 1, maxLength: 4 }),
    lbSubnetIds: fc.uniqueArray(hexId("subnet"), { minLength: 2, maxLength: 3 }),
    withLbSubnets: fc.boolean(),
    containerInsights: fc.option(fc.constantFrom("enabled", "enhanced", "disabled"), { nil: undefined }),
    capacity: fc.option(capacityArb, { nil: undefined }),
    loadBalancers: fc.uniqueArray(loadBalancerArb, { selector: (l) => l.name, maxLength: 3 }),
    services: fc.uniqueArray(serviceArb, { selector: (s) => s.name, maxLength: 4 }),
    attachments: fc.array(attachmentArb, { minLength: 4, maxLength: 4 }),
    priorities: fc.uniqueArray(fc.integer({ min: 1, max: 50000 }), { minLength: 4, maxLength: 4 }),
  })
  .map((r) => {
    const lbNames = r.loadBalancers.map((l) => l.name);
    const services = r.services.map((s, i) => {
      const { logs, ...rest } = s;
      const service: Doc = { ...rest };
      if (logs) service.logs = { ...logs, groupName: logs.groupName ? `/ecs/${r.name}/custom/${s.name}` : undefined };
      const a = r.attachments[i];
      // A load balancer forwards HTTP: only tcp ports can be targets.
      const tcp = (c: (typeof s.containers)[number]) => (c.portMappings ?? []).filter((p) => (p.protocol ?? "tcp") === "tcp");
      const withPorts = s.containers.filter((c) => tcp(c).length > 0 && tcp(c)[0] === (c.portMappings ?? [])[0]);
      if (!a.attach || lbNames.length === 0 || withPorts.length === 0) return service;
      // Without containerName the first container with a port mapping gets the traffic.
      const firstWithPorts = s.containers.find((c) => (c.portMappings ?? []).length > 0);
      if (!a.namedContainer && firstWithPorts !== withPorts[0]) return service;
      const container = a.namedContainer ? withPorts[a.portPick % withPorts.length] : withPorts[0];
      const ports = tcp(container);
      const { attach: _a, lbPick: _l, namedContainer: _n, namedPort: _p, portPick: _q, ...options } = a;
      service.loadBalancer = {
        name: lbNames[a.lbPick % lbNames.length],
        ...(a.namedContainer ? { containerName: container.name } : {}),
        ...(a.namedPort ? { containerPort: ports[a.portPick % ports.length].containerPort } : {}),
        ...options,
        // Each service on a load balancer routes its own path (config/checks), and a listener rule
        // takes at most 5 condition values, host headers and path patterns together.
        // A shared load balancer tries rules in priority order: a catch-all (or another service's
        // own path) there would hide the services after it, so those stay on single ones.
        pathPatterns: [...new Set([`/${s.name}/*`, ...(options.pathPatterns ?? []).filter((p) => p !== "/*" && !r.services.some((o) => p === `/${o.name}/*`))])].slice(
          0,
          5 - (options.hostHeaders ?? []).length,
        ),
      };
      return service;
    });
    // Priorities: required and unique where services share a load balancer; sometimes set anyway.
    services.forEach((service, i) => {
      const lb = service.loadBalancer as Doc | undefined;
      if (!lb) return;
      const shared = services.filter((s) => (s.loadBalancer as Doc | undefined)?.name === lb.name).length > 1;
      if (shared || r.priorities[i] % 2 === 0) lb.priority = r.priorities[i];
    });
    const doc: Doc = {
      name: r.name,
      region: r.region,
      tags: r.tags,
      network: {
        vpcId: r.vpcId,
        hostSubnetIds: r.hostSubnetIds,
        loadBalancerSubnetIds: r.withLbSubnets || r.loadBalancers.length > 0 ? r.lbSubnetIds : undefined,
      },
      cluster: r.containerInsights ? { containerInsights: r.containerInsights } : undefined,
      capacity: r.capacity,
      // An ALB takes ACM certificates of its own region only.
      loadBalancers:
        r.loadBalancers.length > 0
          ? r.loadBalancers.map((l) => (l.certificateArn ? { ...l, certificateArn: l.certificateArn.replace(":eu-west-1:", `:${r.region}:`) } : l))
          : undefined,
      services: services.length > 0 ? services : undefined,
    };
    return clean(doc) as Doc;
  });

/** Drops undefined values, so the document holds only keys that were set. */
export function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 });
}

/** One step of a path into a document: a key of a mapping or an index of a list. */
export type Step = string | number;

/** A path as the config errors write it: `services[0].containers[1].name`, `tags.team`. */
export function pathText(steps: Step[]): string {
  let out = "";
  for (const s of steps) out = typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s;
  return out;
}

/** Mappings whose keys are free-form names (not schema keys). */
export const RECORD_KEYS = new Set(["tags", "environment"]);

export interface Location {
  readonly steps: Step[];
  readonly value: unknown;
  /** The value sits in a free-form map (tags, environment). */
  readonly inRecord: boolean;
}

/** Every value in a document (mappings, lists and scalars) with its path. */
export function locations(doc: unknown, steps: Step[] = [], inRecord = false): Location[] {
  const out: Location[] = steps.length > 0 ? [{ steps, value: doc, inRecord }] : [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...locations(v, [...steps, i])));
  else if (doc && typeof doc === "object") {
    const isRecord = RECORD_KEYS.has(String(steps[steps.length - 1]));
    for (const [k, v] of Object.entries(doc)) out.push(...locations(v, [...steps, k], isRecord));
  }
  return out;
}

/** A deep copy of `doc` with the value at `steps` replaced (or removed when `value` is `REMOVE`). */
export const REMOVE = Symbol("remove");
export function setAt(doc: unknown, steps: Step[], value: unknown): Doc {
  const copy = structuredClone(doc) as Doc;
  let parent: any = copy;
  for (const s of steps.slice(0, -1)) parent = parent[s];
  const last = steps[steps.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** The kind of a value, for picking a value of another kind. */
export function kindOf(value: unknown): "string" | "number" | "boolean" | "list" | "map" {
  if (Array.isArray(value)) return "list";
  if (value && typeof value === "object") return "map";
  return typeof value as "string" | "number" | "boolean";
}

/** Values of each kind that no key of the schema accepts in place of another kind. */
export const WRONG_VALUES: Record<ReturnType<typeof kindOf>, unknown[]> = {
  string: ["oops", "yes", "3000", "true"],
  number: [7, -1, 3.5, 65536],
  boolean: [true, false],
  list: [["a"], [1, 2]],
  map: [{ a: 1 }, { name: "x" }],
};

/** A key with a one-character typo (swap, drop, double or change a letter) that is not `avoid`. */
export const typoArb = (key: string, avoid: Set<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom("swap", "drop", "double", "change"), fc.nat({ max: Math.max(0, key.length - 1) }), fc.constantFrom(..."aeiouxz".split("")))
    .map(([how, i, ch]) => {
      if (how === "swap" && i + 1 < key.length) return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      if (how === "drop" && key.length > 3) return key.slice(0, i) + key.slice(i + 1);
      if (how === "double") return key.slice(0, i + 1) + key[i] + key.slice(i + 1);
      return key.slice(0, i) + (key[i] === ch ? "q" : ch) + key.slice(i + 1);
    })
    .filter((t) => t !== key && !avoid.has(t));
