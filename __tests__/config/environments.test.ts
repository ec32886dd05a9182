/**
 * Several environments: a folder (or a `:`-separated list) names each environment; `environment`
 * makes the stack, state key and AWS names `<name>-<environment>`; `account` becomes the
 * provider's allowed_account_ids; names that two environments would share are refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { EnvironmentsError, environmentSpecs, loadEnvironments } from "../../config/environments";
import { ConfigError, loadConfig, parseConfig } from "../../config/load";
import { stackNames } from "../../stacks/app";
import { checkStackNames, nameCollisions } from "../../stacks/environments";
import { minimalYaml, resources, synthJson } from "../helpers/synth";

const ROOT = join(__dirname, "..", "..");
const EXAMPLES = join(ROOT, "configs", "examples", "envs");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-envs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe("a folder of environments", () => {
  test("every file no other file in the folder extends is an environment: base.yaml is not one", () => {
    expect(environmentSpecs(EXAMPLES)).toEqual([join(EXAMPLES, "dev.yaml"), join(EXAMPLES, "prod.yaml")]);
  });

  test("the example environments get their own stacks and state: shop-dev and shop-prod", () => {
    const environments = loadEnvironments(EXAMPLES);
    expect(environments.map((e) => [e.label.replace(/^.*envs\//, ""), e.config.name, stackNames(e.config)])).toEqual([
      ["dev.yaml", "shop-dev", ["shop-dev"]],
      ["prod.yaml", "shop-prod", ["shop-prod"]],
    ]);
    expect(() => checkStackNames(environments)).not.toThrow();
  });

  test("configs separated by the path delimiter are environments too, each may be a comma list", () => {
    const base = write("base.yaml", minimalYaml());
    write("a.yaml", "environment: a\n");
    const spec = [`${base},${join(dir, "a.yaml")}`, join(EXAMPLES, "prod.yaml")].join(delimiter);
    expect(loadEnvironments(spec).map((e) => e.config.name)).toEqual(["demo-a", "shop-prod"]);
  });

  test("every failing environment is reported, each with its own file", () => {
    write("base.yaml", minimalYaml());
    write("dev.yaml", "extends: base.yaml\nenvironment: dev\ncapacity:\n  minSize: -1\n");
    write("prod.yaml", "extends: base.yaml\nenvironment: prod\nregion: mars\n");
    let error: unknown;
    try {
      loadEnvironments(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentsError);
    const errors = (error as EnvironmentsError).errors;
    expect(errors.map((e) => [e.file.replace(/^.*\//, ""), e.issues.map((i) => `${i.path} line ${i.line}`)])).toEqual([
      ["dev.yaml", ["capacity.minSize line 4"]],
      ["prod.yaml", ["region line 3"]],
    ]);
  });

  test("a folder without config files, or where every file is extended, says so", () => {
    expect(() => environmentSpecs(dir)).toThrow(/is a folder without \.yaml, \.yml or \.json files/);
    write("a.yaml", "extends: b.yaml\n");
    write("b.yaml", "extends: a.yaml\n");
    expect(() => environmentSpecs(dir)).toThrow(/every file in the folder is extended by another one/);
  });

  test("two environments that make the same stack are refused before anything is synthesized", () => {
    write("base.yaml", minimalYaml());
    write("dev.yaml", "extends: base.yaml\nenvironment: dev\n");
    write("dev2.yaml", "extends: base.yaml\nenvironment: dev\n");
    const environments = loadEnvironments(dir);
    expect(() => checkStackNames(environments)).toThrow(ConfigError);
    expect(() => checkStackNames(environments)).toThrow(/environment: "dev" gives the stack "demo-dev", which .*dev\.yaml makes too/);
  });
});

describe("environment and account", () => {
  test("environment makes every AWS name <name>-<environment>", () => {
    const json = synthJson(parseConfig(minimalYaml("environment: staging\n"), "staging.yaml"));
    expect(Object.values(resources(json, "aws_ecs_cluster")).map((c) => c.name)).toEqual(["demo-staging"]);
  });

  test("a name and environment longer than 32 characters together are refused at environment", () => {
    expect(() => parseConfig(minimalYaml("environment: production-europe-west-1\n").replace("name: demo", "name: shop-platform"), "x.yaml")).toThrow(
      /environment: "production-europe-west-1" makes the name "shop-platform-production-europe-west-1" \(38 characters\)/,
    );
  });

  test("account becomes the provider's allowed_account_ids, so credentials of another account stop the plan", () => {
    // allowed_account_ids: https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs#allowed_account_ids
    const json = synthJson(parseConfig(minimalYaml('account: "123456789012"\n'), "x.yaml"));
    expect(json.provider.aws[0].allowed_account_ids).toEqual(["123456789012"]);
    expect(synthJson(parseConfig(minimalYaml(), "x.yaml")).provider.aws[0].allowed_account_ids).toBeUndefined();
  });

  test("an account written as a number is refused with how to write it", () => {
    expect(() => parseConfig(minimalYaml("account: 123456789012\n"), "x.yaml")).toThrow(/account: 123456789012 is not a 12-digit AWS account id, quoted like "123456789012"/);
  });

  test("account with module: true is refused: a module has no provider block to put it in", () => {
    expect(() => parseConfig(minimalYaml('account: "123456789012"\nmodule: true\n'), "x.yaml")).toThrow(/account: "123456789012" cannot be set with module: true/);
  });
});

describe("AWS names across environments", () => {
  const env = (label: string, yaml: string, region = "eu-west-1") => {
    const config = parseConfig(minimalYaml(yaml).replace("region: eu-west-1", `region: ${region}`), label);
    return { environment: { label, config }, stacks: [synthJson(config)] };
  };

  test("the same cluster name twice in what may be one account is a collision", () => {
    const collisions = nameCollisions([env("a.yaml", ""), env("b.yaml", "")]);
    expect(collisions).toContainEqual(
      expect.stringMatching(/^a\.yaml and b\.yaml both create aws_ecs_cluster name "demo" \(aws_ecs_cluster\.cluster\) in what may be the same account/),
    );
  });

  test("different accounts, or a different region for regional names, do not collide", () => {
    expect(nameCollisions([env("a.yaml", 'account: "111111111111"\n'), env("b.yaml", 'account: "222222222222"\n')])).toEqual([]);
    expect(nameCollisions([env("a.yaml", ""), env("b.yaml", "", "us-east-1")])).toEqual([]);
  });

  test("the example environments collide nowhere", () => {
    const environments = loadEnvironments(EXAMPLES);
    expect(nameCollisions(environments.map((environment) => ({ environment, stacks: [synthJson(environment.config)] })))).toEqual([]);
  });
});

test("loadConfig of the examples' overlay alone works like the folder does", () => {
  expect(loadConfig(join(EXAMPLES, "prod.yaml")).capacity.instanceType).toBe("m6i.large");
});

test("each file excerpt in docs/environments.md (```yml starting with # <file>) is part of that file as it is", () => {
  const { parse } = require("yaml") as typeof import("yaml");
  const docs = require("node:fs").readFileSync(join(ROOT, "docs", "environments.md"), "utf8") as string;
  const excerpts = [...docs.matchAll(/```yml\n# (\S+)\n([\s\S]*?)```/g)];
  expect(excerpts.length).toBeGreaterThan(0);
  const isPart = (part: unknown, whole: unknown): boolean => {
    if (Array.isArray(part)) return Array.isArray(whole) && part.every((p, i) => isPart(p, whole[i]));
    if (part && typeof part === "object") return !!whole && typeof whole === "object" && Object.entries(part).every(([k, v]) => isPart(v, (whole as any)[k]));
    return part === whole;
  };
  for (const [, file, text] of excerpts) {
    const whole = parse(require("node:fs").readFileSync(join(ROOT, file), "utf8"));
    expect({ file, isPart: isPart(parse(text), whole) }).toEqual({ file, isPart: true });
  }
});
