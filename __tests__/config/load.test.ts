import { ConfigError, parseConfig } from "../../config/load";
import { minimalYaml } from "../helpers/synth";

function problems(yaml: string | Buffer): string[] {
  try {
    parseConfig(yaml, "test.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected a ConfigError");
}

describe("config loading", () => {
  test("fills in every default of a minimal config", () => {
    const config = parseConfig(minimalYaml(), "min.yaml");
    expect(config.capacity).toEqual(
      expect.objectContaining({
        instanceType: "m6i.large",
        minSize: 1,
        maxSize: 3,
        launchMode: "launch-template",
        image: { family: "al2023", architecture: "x86_64", variant: "standard" },
        dockerVolume: { sizeGiB: 50, type: "gp3" },
      }),
    );
    expect(config.cluster.containerInsights).toBe("enabled");
    expect(config.services).toEqual([]);
  });

  test("names the path, the value and what is allowed for a wrong type", () => {
    const yaml = minimalYaml(`services:
  - name: web
    containers:
      - name: web
        image: nginx
        portMappings:
          - containerPort: eighty
`);
    expect(problems(yaml)).toContain('services[0].containers[0].portMappings[0].containerPort: "eighty" is not an integer between 1 and 65535');
  });

  test("rejects an out-of-range number", () => {
    expect(problems(minimalYaml("capacity:\n  dockerVolume:\n    sizeGiB: 4\n"))).toEqual(["capacity.dockerVolume.sizeGiB: 4 is not an integer between 8 and 16384"]);
  });

  test("rejects an unknown key and suggests the closest known one", () => {
    const [message] = problems(minimalYaml("capacity:\n  instanceTyp: m6i.large\n"));
    expect(message).toMatch(/^capacity\.instanceTyp: unknown key; did you mean "instanceType"\?/);
  });

  test("reports every problem, not just the first", () => {
    const found = problems(minimalYaml("capacity:\n  minSize: -1\n  maxSize: abc\n"));
    expect(found).toHaveLength(2);
  });

  test("names a missing required key", () => {
    expect(problems("name: demo\nregion: eu-west-1\n")).toEqual([expect.stringMatching(/^network: is required/)]);
  });

  test("rejects duplicate service names", () => {
    const service = "  - name: web\n    containers: [{ name: app, image: nginx }]\n";
    expect(problems(minimalYaml(`services:\n${service}${service}`))).toEqual(['services[1].name: "web" is already used by services[0]; each name must be unique']);
  });

  test("checks keys against each other: desired capacity inside min and max", () => {
    expect(problems(minimalYaml("capacity:\n  minSize: 2\n  maxSize: 4\n  desiredCapacity: 9\n"))).toEqual([
      "capacity.desiredCapacity: 9 must be between capacity.minSize (2) and capacity.maxSize (4)",
    ]);
  });

  test("rejects an AMI combination AWS does not publish", () => {
    expect(problems(minimalYaml("capacity:\n  image:\n    family: al1\n    architecture: arm64\n"))[0]).toMatch(/^capacity\.image: family "al1"/);
  });

  test("rejects text that is not UTF-8", () => {
    expect(problems(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe]))).toEqual(["(file): is not valid UTF-8 text; save it as UTF-8"]);
  });

  test("rejects broken YAML with the line", () => {
    expect(problems("name: [demo\n")[0]).toMatch(/^\(line \d+\): is not valid YAML or JSON/);
  });

  test("refuses a YAML alias bomb instead of expanding it", () => {
    // Nine levels of ten aliases each: a billion elements if expanded.
    const levels = "abcdefghi".split("");
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < levels.length; i++) {
      lines.push(
        `${levels[i]}: &${levels[i]} [${Array(10)
          .fill(`*${levels[i - 1]}`)
          .join(", ")}]`,
      );
    }
    const bomb = lines.join("\n");
    expect(problems(bomb)[0]).toMatch(/^\(file\): cannot be read/);
  });

  test("reads JSON as well as YAML", () => {
    const json = JSON.stringify({
      name: "demo",
      region: "us-east-1",
      network: { vpcId: "vpc-0123456789abcdef0", hostSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] },
    });
    expect(parseConfig(json, "c.json").region).toBe("us-east-1");
  });
});
