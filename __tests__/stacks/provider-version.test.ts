import { TERRAFORM_VERSION_CONSTRAINT } from "../../config/sections/synth-output";
import { configFrom, minimalYaml, synthJson, synthToDisk, removeSynthFolders } from "../helpers/synth";

afterAll(removeSynthFolders);

const declared = (yaml: string) => synthJson(configFrom(minimalYaml(yaml))).terraform.required_providers.aws;

describe("awsProviderVersion", () => {
  test("root stacks pin exactly 5.100.0 by default, the version the bindings were generated for", () => {
    expect(declared("")).toEqual({ source: "aws", version: "5.100.0" });
  });

  test("module mode admits every provider from 5.100 through 6.x by default", () => {
    expect(declared("module: true\n").version).toBe(">= 5.100, < 7");
  });

  test("the config's constraint replaces either default", () => {
    expect(declared('awsProviderVersion: "~> 6.0"\n').version).toBe("~> 6.0");
    expect(declared('module: true\nawsProviderVersion: ">= 5.100.0, < 6.0.0"\n').version).toBe(">= 5.100.0, < 6.0.0");
  });

  test("every stack of a split config declares it", () => {
    const yaml = minimalYaml(`awsProviderVersion: ">= 5.100, < 7"
services:
  - name: api
    stack: team
    containers: [{ name: api, image: "nginx:1.27", memoryReservation: 128 }]
`);
    const stacks = synthToDisk(configFrom(yaml));
    expect(stacks.map((s) => s.name).sort()).toEqual(["demo", "demo-team"]);
    for (const stack of stacks) expect(stack.json.terraform.required_providers.aws.version).toBe(">= 5.100, < 7");
  });

  test("rejects what is not a Terraform version constraint, naming the path and the value", () => {
    expect(() => configFrom(minimalYaml('awsProviderVersion: "^5.100"\n'))).toThrow(
      expect.objectContaining({ issues: [{ path: "awsProviderVersion", message: expect.stringMatching(/^"\^5\.100" is not a Terraform version constraint like/) }] }),
    );
  });
});

// https://developer.hashicorp.com/terraform/language/expressions/version-constraints
describe("the Terraform version constraint grammar", () => {
  test.each(["5.100.0", "= 5.100.0", "=5.100.0", ">= 5.100, < 7", "~> 6.0", "~> 5.100.0", "!= 6.1.0", "> 5, <= 6.2", " >= 5.100 ,< 7 ", "6.0.0-beta2", "= 6.0.0-rc1"])(
    "accepts %j",
    (text) => {
      expect(TERRAFORM_VERSION_CONSTRAINT.test(text)).toBe(true);
    },
  );

  test.each(["", "latest", "^5.100", "5.x", ">= 5.100,", ", < 7", ">=", "5.100.0.1", "=> 5", "~ 5.0", ">= 6.0.0-beta1", "v5.100.0", ">= 5.100 < 7"])("rejects %j", (text) => {
    expect(TERRAFORM_VERSION_CONSTRAINT.test(text)).toBe(false);
  });
});
