import { Entry, naturalCompare } from "./diff";
import { Json } from "./load";

/** How a node is highlighted in the diagram. */
export type NodeStatus = "added" | "changed" | "replaced" | "removed";

/** Resource types drawn in the architecture diagram, with their label prefix. */
const NODE_TYPES: Readonly<Record<string, string>> = {
  aws_lb: "ALB",
  aws_lb_listener: "Listener",
  aws_lb_target_group: "Target group",
  aws_ecs_service: "ECS service",
  aws_ecs_cluster: "ECS cluster",
  aws_ecs_capacity_provider: "Capacity provider",
  aws_autoscaling_group: "Auto Scaling group",
  aws_scheduler_schedule: "Schedule",
  aws_launch_template: "Launch template",
  aws_launch_configuration: "Launch configuration",
  aws_security_group: "Security group",
};

const CLASS_STYLES: Readonly<Record<NodeStatus, string>> = {
  added: "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
  changed: "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
  replaced: "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
  removed: "fill:#f6f8fa,stroke:#cf222e,color:#656d76,stroke-dasharray:5 5",
};

/** Legend text per status. */
const LEGEND: Readonly<Record<NodeStatus, string>> = {
  added: "added",
  changed: "updated in place",
  replaced: "replaced (destroyed and re-created)",
  removed: "destroyed",
};

/** A node id Mermaid accepts: only [A-Za-z0-9_], never a keyword such as `end`. */
export function nodeId(address: string): string {
  return `n_${address.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/**
 * Escape a label for use inside `"..."`: quotes, brackets, pipes, angle
 * brackets, `#` and backticks become Mermaid entity codes; whitespace collapses.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[#"[\](){}<>|`;&\\]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** `aws_type.name` references inside `${...}` interpolations anywhere in a value. */
export function references(value: Json | undefined): Array<{ type: string; name: string }> {
  const out: Array<{ type: string; name: string }> = [];
  const visit = (v: Json | undefined): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
        for (const r of m[1].matchAll(/(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
          out.push({ type: r[1], name: r[2] });
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (k !== "//") visit(x);
    }
  };
  visit(value);
  return out;
}

function attr(body: Json, key: string): Json | undefined {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? body[key] : undefined;
}

function literal(v: Json | undefined): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v === "string" && !v.includes("${")) return v;
  return undefined;
}

function label(e: Entry): string {
  const kind = NODE_TYPES[e.type] ?? e.type;
  const prefix = literal(attr(e.body, "name_prefix"));
  const name = literal(attr(e.body, "name")) ?? (prefix ? `${prefix}*` : e.name);
  const port = literal(attr(e.body, "port"));
  const protocol = literal(attr(e.body, "protocol"));
  if (e.type === "aws_lb_listener") {
    return [kind, port ? `:${port}` : e.name, protocol].filter(Boolean).join(" ");
  }
  if (e.type === "aws_lb_target_group" && port) return `${kind} ${name} :${port}`;
  return `${kind} ${name}`;
}

interface Edge {
  from: string;
  to: string;
  text?: string;
  dotted?: boolean;
}

/**
 * Mermaid `flowchart LR` of the head architecture: ALB → listener → target
 * group → ECS service → cluster → capacity provider → Auto Scaling group →
 * launch template, security groups (dotted), plus EventBridge Scheduler
 * schedules that run tasks on a cluster. Destroyed resources are drawn too,
 * dashed. Edges come from `${...}` references in the synthesized attributes.
 * A legend explains the colours that appear.
 */
export function buildDiagram(entries: Entry[], status: ReadonlyMap<string, NodeStatus> = new Map()): string {
  const resources = entries.filter((e) => e.kind === "resource");
  const nodes = resources.filter((e) => e.type in NODE_TYPES).sort((a, b) => naturalCompare(a.address, b.address));
  const byKey = new Map<string, Entry>();
  for (const e of resources) byKey.set(`${e.stack}\u0000${e.type}.${e.name}`, e);
  const isNode = new Set(nodes.map((e) => e.address));
  // Sanitizing can map two addresses (`a-b`, `a_b`) to one id: number the later ones.
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const e of nodes) {
    let id = nodeId(e.address);
    for (let i = 2; used.has(id); i++) id = `${nodeId(e.address)}_${i}`;
    used.add(id);
    ids.set(e.address, id);
  }
  const idOf = (address: string): string => ids.get(address) ?? nodeId(address);

  const edges: Edge[] = [];
  const seen = new Set<string>();
  const link = (from: Entry, to: Entry, text?: string, dotted?: boolean): void => {
    if (!isNode.has(from.address) || !isNode.has(to.address)) return;
    const key = `${from.address}->${to.address}:${text ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from: idOf(from.address), to: idOf(to.address), text, dotted });
  };
  const targets = (e: Entry, key: string, type: string): Entry[] =>
    references(attr(e.body, key))
      .filter((r) => r.type === type)
      .map((r) => byKey.get(`${e.stack}\u0000${r.type}.${r.name}`))
      .filter((x): x is Entry => x !== undefined);

  for (const e of resources) {
    switch (e.type) {
      case "aws_lb_listener":
        for (const lb of targets(e, "load_balancer_arn", "aws_lb")) link(lb, e);
        for (const tg of targets(e, "default_action", "aws_lb_target_group")) link(e, tg);
        break;
      case "aws_lb_listener_rule": {
        const priority = literal(attr(e.body, "priority"));
        for (const listener of targets(e, "listener_arn", "aws_lb_listener")) {
          for (const tg of targets(e, "action", "aws_lb_target_group")) {
            link(listener, tg, priority ? `rule ${priority}` : `rule ${e.name}`);
          }
        }
        break;
      }
      case "aws_ecs_service":
        for (const tg of targets(e, "load_balancer", "aws_lb_target_group")) link(tg, e);
        for (const cluster of targets(e, "cluster", "aws_ecs_cluster")) link(e, cluster);
        break;
      case "aws_ecs_cluster_capacity_providers":
        for (const cluster of targets(e, "cluster_name", "aws_ecs_cluster")) {
          const cps = [...targets(e, "capacity_providers", "aws_ecs_capacity_provider"), ...targets(e, "default_capacity_provider_strategy", "aws_ecs_capacity_provider")];
          for (const cp of cps) link(cluster, cp);
        }
        break;
      case "aws_ecs_capacity_provider":
        for (const asg of targets(e, "auto_scaling_group_provider", "aws_autoscaling_group")) link(e, asg);
        break;
      case "aws_autoscaling_group":
        for (const lt of targets(e, "launch_template", "aws_launch_template")) link(e, lt);
        for (const lc of targets(e, "launch_configuration", "aws_launch_configuration")) link(e, lc);
        break;
      case "aws_launch_template":
        for (const sg of targets(e, "vpc_security_group_ids", "aws_security_group")) link(e, sg, undefined, true);
        break;
      case "aws_launch_configuration":
        for (const sg of targets(e, "security_groups", "aws_security_group")) link(e, sg, undefined, true);
        break;
      case "aws_lb":
        for (const sg of targets(e, "security_groups", "aws_security_group")) link(e, sg, undefined, true);
        break;
      case "aws_scheduler_schedule":
        for (const cluster of targets(e, "target", "aws_ecs_cluster")) link(e, cluster, "runs task", true);
        break;
      default:
        break;
    }
  }

  const lines = ["flowchart LR"];
  if (nodes.length === 0) {
    lines.push(`  empty["${escapeLabel("No load balancer or ECS resources in head")}"]`);
    return `${lines.join("\n")}\n`;
  }
  const stacks = [...new Set(nodes.map((e) => e.stack))].sort(naturalCompare);
  const multi = stacks.length > 1;
  for (const stack of stacks) {
    const indent = multi ? "    " : "  ";
    if (multi) lines.push(`  subgraph ${nodeId(`stack_${stack}`)}["${escapeLabel(`stack ${stack}`)}"]`);
    for (const e of nodes.filter((n) => n.stack === stack)) {
      const text = `"${escapeLabel(label(e))}"`;
      const shape = e.type === "aws_ecs_service" ? `(${text})` : `[${text}]`;
      lines.push(`${indent}${idOf(e.address)}${shape}`);
    }
    if (multi) lines.push("  end");
  }
  edges.sort((a, b) => naturalCompare(`${a.from} ${a.to}`, `${b.from} ${b.to}`));
  for (const edge of edges) {
    const arrow = edge.dotted ? "-.->" : "-->";
    const text = edge.text ? `|"${escapeLabel(edge.text)}"|` : "";
    lines.push(`  ${edge.from} ${arrow}${text} ${edge.to}`);
  }
  const present = (Object.keys(CLASS_STYLES) as NodeStatus[]).filter((cls) => nodes.some((e) => status.get(e.address) === cls));
  if (present.length > 0) {
    lines.push(`  subgraph legend["Legend"]`);
    for (const cls of present) lines.push(`    legend_${cls}["${escapeLabel(LEGEND[cls])}"]`);
    lines.push("  end");
  }
  for (const cls of present) {
    const ids = nodes.filter((e) => status.get(e.address) === cls).map((e) => idOf(e.address));
    lines.push(`  classDef ${cls} ${CLASS_STYLES[cls]}`);
    lines.push(`  class ${[...ids, `legend_${cls}`].join(",")} ${cls}`);
  }
  return `${lines.join("\n")}\n`;
}
