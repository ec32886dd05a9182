/**
 * SecurityRulesAspect: runs the rule pack against every TerraformResource of a stack.
 *
 * How errors fail the synth in cdktf 0.21 (node_modules/cdktf/lib/synthesize/synthesizer.js):
 * - `app.synth()` -> StackSynthesizer.synthesize() invokes the aspects, collects all Annotations into the
 *   manifest and THROWS "Encountered Annotations with level "ERROR": [<construct path>] <message>" when any
 *   error annotation exists - unless the env var CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set when the
 *   TerraformStack is constructed. Warnings are only written to manifest.json there, not printed.
 * - `cdktf synth` (CLI) runs the app WITH CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true, then prints every
 *   annotation (INFO/WARN/ERROR with construct path) and fails the command if an ERROR annotation was found.
 * - `Testing.synth(stack)` only invokes aspects and renders JSON: it does NOT fail on error annotations
 *   (`Testing.fullSynth(stack)` does, like app.synth()).
 * Because of the last two cases the aspect also exposes `hasErrors()` and `findings`, so an entry point
 * can print `formatFindings(aspect.findings)` and `process.exit(1)` regardless of how it was synthesized.
 */

import { Annotations, TerraformDataSource, TerraformResource, TerraformStack, type IAspect } from "../framework/cdktf";
import { SHARES_RESOLUTION, forgetResolved, resolveElement, stackElements } from "../framework/resolve-once";
import type { IConstruct } from "constructs";
import { allRules } from "./all-rules";
import { referencedAddress, tagsOf } from "./attributes";
import { policyDocumentFromDataSource, policyDocumentOf, trustsService } from "./policy";
import { SECURITY_GROUP_ROLE_TAG, type ResourceView, type Rule, type RuleLevel, type RuleOptions } from "./types";

export interface Suppression {
  /** Id of the rule to suppress, e.g. "ECS-EC2-IMDS-HOP-LIMIT". */
  readonly ruleId: string;
  /**
   * Which resources: an exact address ("aws_launch_template.hosts_lt_1A2B3C4D"), a resource type alone
   * ("aws_launch_template" = every resource of that type), or a glob where "*" matches any characters
   * ("aws_launch_template.hosts_*"). Omitted: every resource.
   */
  readonly address?: string;
  /** Why this is acceptable; required, printed in the summary. */
  readonly reason: string;
}

export interface SecurityRulesAspectOptions {
  readonly suppressions?: readonly Suppression[];
  readonly allow?: { readonly privilegedContainers?: boolean; readonly hostNetworkMode?: boolean };
  /** Rule set to run; defaults to `allRules`. */
  readonly rules?: readonly Rule[];
}

export interface Finding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  /** Terraform address, `<type>.<logicalId>`. */
  readonly address: string;
  /** Construct path of the resource, e.g. "stack/hosts/launch-template". */
  readonly constructPath: string;
  /** The rule's message (what is wrong). */
  readonly message: string;
  /** The rule's violation details for this resource. */
  readonly details: string;
  /** Why it matters (control ids). */
  readonly explanation: string;
  /** Set when suppressed: the suppression's reason. */
  readonly suppressed?: string;
}

function withoutMetadata(attributes: unknown): Record<string, any> | undefined {
  if (attributes === null || typeof attributes !== "object") return undefined;
  const { ["//"]: _metadata, ...rest } = attributes as Record<string, any>;
  return rest;
}

/**
 * The resolved cdk.tf.json view of one resource: `stack.resolve(resource.toTerraform())` gives
 * `{ resource: { <type>: { <logicalId>: attributes } } }` (plus the "//" metadata key, removed here).
 * Undefined when the resource is not rendered (e.g. moved).
 */
export function resourceViewOf(resource: TerraformResource, keepForSynth = false): ResourceView | undefined {
  const type = resource.terraformResourceType;
  const logicalId = resource.friendlyUniqueId;
  const attributes = withoutMetadata(resolveElement(resource, keepForSynth)?.resource?.[type]?.[logicalId]);
  return attributes ? { type, address: `${type}.${logicalId}`, attributes } : undefined;
}

function dataSourceViewOf(dataSource: TerraformDataSource): ResourceView | undefined {
  const type = dataSource.terraformResourceType;
  const logicalId = dataSource.friendlyUniqueId;
  const attributes = withoutMetadata(resolveElement(dataSource, true)?.data?.[type]?.[logicalId]);
  return attributes ? { type, address: `data.${type}.${logicalId}`, attributes } : undefined;
}

function matchesAddress(pattern: string | undefined, address: string): boolean {
  if (pattern === undefined || pattern === "*") return true;
  if (pattern.includes("*")) {
    const re = new RegExp(
      "^" +
        pattern
          .split("*")
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*") +
        "$",
    );
    return re.test(address);
  }
  if (!pattern.includes(".")) return address.startsWith(`${pattern}.`);
  return address === pattern;
}

function annotationText(finding: Finding): string {
  return `${finding.address} [${finding.ruleId}] ${finding.message}: ${finding.details}`;
}

export class SecurityRulesAspect implements IAspect {
  /** Reads elements, changes none: the stack may reuse what it resolved (framework/resolve-once.ts). */
  public readonly [SHARES_RESOLUTION] = true;
  /** Every finding so far (unsuppressed and suppressed), in visit order. */
  public readonly findings: Finding[] = [];
  private readonly rules: readonly Rule[];
  private readonly suppressions: readonly Suppression[];
  private readonly allow: RuleOptions["allow"];
  private readonly usedSuppressions = new Set<Suppression>();
  private readonly stackFacts = new WeakMap<TerraformStack, RuleOptions>();
  private readonly visited = new WeakSet<IConstruct>();
  /** Resolved views, so the per-stack facts and the per-resource checks resolve each resource once. */
  private readonly views = new WeakMap<TerraformResource, ResourceView | undefined>();

  constructor(options: SecurityRulesAspectOptions = {}) {
    this.rules = options.rules ?? allRules;
    this.suppressions = options.suppressions ?? [];
    this.allow = {
      privilegedContainers: options.allow?.privilegedContainers ?? false,
      hostNetworkMode: options.allow?.hostNetworkMode ?? false,
    };
    const ids = new Set(this.rules.map((r) => r.id));
    for (const s of this.suppressions) {
      if (!ids.has(s.ruleId)) throw new Error(`Suppression for unknown rule id "${s.ruleId}"`);
      if (typeof s.reason !== "string" || s.reason.trim() === "") {
        throw new Error(`Suppression of ${s.ruleId}${s.address ? ` for ${s.address}` : ""} needs a reason`);
      }
    }
  }

  public visit(node: IConstruct): void {
    // A stack is visited first in each aspect pass over it: forms kept by an earlier pass that
    // never reached toTerraform (a failed or HCL synth) must not be written by this one.
    if (TerraformStack.isStack(node)) forgetResolved(stackElements(node));
    if (!TerraformResource.isTerraformResource(node) || this.visited.has(node)) return;
    this.visited.add(node);
    const rules = this.rules.filter((r) => r.appliesTo.includes(node.terraformResourceType));
    if (rules.length === 0) return;
    const options = this.factsFor(TerraformStack.of(node));
    const view = this.viewOf(node);
    if (!view) return;
    for (const rule of rules) {
      let result;
      try {
        result = rule.check(view, options);
      } catch (e) {
        result = { violation: `rule failed to evaluate: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (typeof result === "string") continue;
      const suppression = this.suppressions.find((s) => s.ruleId === rule.id && matchesAddress(s.address, view.address));
      const finding: Finding = {
        ruleId: rule.id,
        level: rule.level,
        address: view.address,
        constructPath: node.node.path,
        message: rule.message,
        details: result.violation,
        explanation: rule.explanation,
        ...(suppression ? { suppressed: suppression.reason } : {}),
      };
      this.findings.push(finding);
      if (suppression) {
        this.usedSuppressions.add(suppression);
        Annotations.of(node).addInfo(`${annotationText(finding)} (suppressed: ${suppression.reason})`);
      } else if (rule.level === "error") {
        Annotations.of(node).addError(annotationText(finding));
      } else {
        Annotations.of(node).addWarning(annotationText(finding));
      }
    }
  }

  /** True when an unsuppressed error finding was recorded. */
  public hasErrors(): boolean {
    return this.findings.some((f) => f.level === "error" && f.suppressed === undefined);
  }

  /** Suppressions that matched no finding (stale; candidates for removal). */
  public unusedSuppressions(): Suppression[] {
    return this.suppressions.filter((s) => !this.usedSuppressions.has(s));
  }

  private viewOf(resource: TerraformResource): ResourceView | undefined {
    // During the aspect pass: the stack writing cdk.tf.json takes this resolution over.
    if (!this.views.has(resource)) this.views.set(resource, resourceViewOf(resource, true));
    return this.views.get(resource);
  }

  /** Cross-resource facts of a stack, computed once on the first resource visited in it. */
  private factsFor(stack: TerraformStack): RuleOptions {
    const cached = this.stackFacts.get(stack);
    if (cached) return cached;
    const resources: ResourceView[] = [];
    const policyDocuments = new Map<string, Record<string, any>>();
    for (const c of stack.node.findAll()) {
      if (TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === stack) {
        if (!FACT_TYPES.includes(c.terraformResourceType)) continue;
        const view = this.viewOf(c);
        if (view) resources.push(view);
      } else if (TerraformDataSource.isTerraformDataSource(c) && c.terraformResourceType === "aws_iam_policy_document" && TerraformStack.of(c) === stack) {
        const view = dataSourceViewOf(c);
        if (view) policyDocuments.set(view.address, policyDocumentFromDataSource(view.attributes));
      }
    }
    const httpsLoadBalancers = new Set<string>();
    const securityGroupRoles = new Map<string, string>();
    const ecsTaskRoles = new Set<string>();
    for (const r of resources) {
      const a = r.attributes;
      if ((r.type === "aws_lb_listener" || r.type === "aws_alb_listener") && String(a.protocol ?? "").toUpperCase() === "HTTPS") {
        const lb = referencedAddress(a.load_balancer_arn, ["aws_lb", "aws_alb"]) ?? a.load_balancer_arn;
        if (typeof lb === "string") httpsLoadBalancers.add(lb);
      } else if (r.type === "aws_security_group") {
        const role = tagsOf(a)[SECURITY_GROUP_ROLE_TAG];
        if (typeof role === "string") securityGroupRoles.set(r.address, role);
      } else if (r.type === "aws_iam_role") {
        if (trustsService(policyDocumentOf(a.assume_role_policy, { policyDocuments }), "ecs-tasks.amazonaws.com")) {
          ecsTaskRoles.add(r.address);
        }
      }
    }
    const facts: RuleOptions = { allow: this.allow, httpsLoadBalancers, securityGroupRoles, ecsTaskRoles, policyDocuments };
    this.stackFacts.set(stack, facts);
    return facts;
  }
}

/** Resource types the per-stack pre-pass reads. */
const FACT_TYPES = ["aws_lb_listener", "aws_alb_listener", "aws_security_group", "aws_iam_role"];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A short human summary: counts, one line per error and warning, suppressed findings with their reasons. */
export function formatFindings(findings: readonly Finding[]): string {
  const active = findings.filter((f) => f.suppressed === undefined);
  const errors = active.filter((f) => f.level === "error");
  const warnings = active.filter((f) => f.level === "warning");
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  const lines = [`Security rules: ${plural(errors.length, "error")}, ${plural(warnings.length, "warning")}, ${suppressed.length} suppressed`];
  for (const f of errors) lines.push(`  ERROR      ${annotationText(f)}`);
  for (const f of warnings) lines.push(`  WARNING    ${annotationText(f)}`);
  for (const f of suppressed) lines.push(`  SUPPRESSED ${f.address} [${f.ruleId}] ${f.message} - reason: ${f.suppressed}`);
  return lines.join("\n");
}
