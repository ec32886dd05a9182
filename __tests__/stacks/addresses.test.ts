/**
 * Stable addresses and renames: Terraform addresses derive from config names, never list
 * positions; a renamed service gets `moved` blocks for each of its resources; two synths of one
 * config are byte-identical. Terraform's check of the moved blocks is in addresses.tf.test.ts.
 */
import { App } from "../../framework/cdktf";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFrom, loadBundled, minimalYaml, synthJson } from "../helpers/synth";
import { addStacks } from "../../stacks/app";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function service(name: string, priority: number, extra = ""): string {
  return `  - name: ${name}
    containers: [{ name: app, image: nginx, memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: public, priority: ${priority}, pathPatterns: ["/${name}/*"] }
${extra}`;
}

function yaml(names: string[], extra = ""): string {
  const priorities: Record<string, number> = { a: 10, b: 20, c: 30, "new-b": 20 };
  return minimalYaml(`loadBalancers:\n  - name: public\nservices:\n${names.map((n) => service(n, priorities[n])).join("")}${extra}`);
}

/** Every resource, data source, output and variable by address, metadata removed. */
function addresses(json: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ["resource", "data"]) {
    for (const [type, byName] of Object.entries<any>(json[kind] ?? {})) {
      for (const [name, value] of Object.entries<any>(byName)) {
        const { ["//"]: _meta, ...rest } = value;
        out.set(`${kind === "data" ? "data." : ""}${type}.${name}`, JSON.stringify(rest));
      }
    }
  }
  for (const [name, value] of Object.entries<any>(json.output ?? {})) out.set(`output.${name}`, JSON.stringify(value));
  return out;
}

describe("stable addresses", () => {
  test("adding service c between a and b changes no address or attribute of a, b or the platform", () => {
    const before = addresses(synthJson(configFrom(yaml(["a", "b"]))));
    const after = addresses(synthJson(configFrom(yaml(["a", "c", "b"]))));
    expect(before.size).toBeGreaterThan(20);
    for (const [address, body] of before) {
      expect({ address, body: after.get(address) }).toEqual({ address, body });
    }
    const added = [...after.keys()].filter((a) => !before.has(a));
    expect(added.length).toBeGreaterThan(0);
    for (const address of added) expect(address).toMatch(/svc-c|task-role-c|scaling-c|service_c_/);
  });

  test("removing service a changes no address or attribute of b or the platform", () => {
    const before = addresses(synthJson(configFrom(yaml(["a", "b"]))));
    const after = addresses(synthJson(configFrom(yaml(["b"]))));
    for (const [address, body] of before) {
      if (/svc-a|task-role-a|service_a_/.test(address)) expect(after.has(address)).toBe(false);
      else expect({ address, body: after.get(address) }).toEqual({ address, body });
    }
  });
});

describe("moved", () => {
  const renamed = yaml(["a", "new-b"], "moved:\n  - from: services.b\n    to: services.new-b\n");

  test("emits a moved block from the old to the new address for every resource of the renamed service", () => {
    const old = synthJson(configFrom(yaml(["a", "b"])));
    const json = synthJson(configFrom(renamed));
    const oldB = [...addresses(old).keys()].filter((a) => /^aws_[\w]+\.(svc|task-role|scaling)-b_/.test(a) || /^aws_[\w]+\.(svc|task-role|scaling)-b$/.test(a));
    const newB = [...addresses(json).keys()].filter((a) => /\.(svc|task-role|scaling)-new-b(_|$)/.test(a) && !a.startsWith("data."));
    expect(oldB.length).toBeGreaterThan(3);
    expect(json.moved).toHaveLength(newB.length);
    expect(json.moved.map((m: any) => m.from).sort()).toEqual(oldB.sort());
    expect(json.moved.map((m: any) => m.to).sort()).toEqual(newB.sort());
    expect(json.moved).toContainEqual({ from: "aws_ecs_service.svc-b_service", to: "aws_ecs_service.svc-new-b_service" });
  });

  test("emits no moved blocks without renames", () => {
    expect(synthJson(configFrom(yaml(["a", "b"]))).moved).toBeUndefined();
  });
});

describe("deterministic output", () => {
  function synthFiles(file: string): Map<string, Buffer> {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-det-"));
    dirs.push(outdir);
    const app = new App({ outdir });
    addStacks(app, loadBundled(file));
    app.synth();
    const files = new Map<string, Buffer>([["manifest.json", readFileSync(join(outdir, "manifest.json"))]]);
    for (const stack of readdirSync(join(outdir, "stacks")).sort()) {
      files.set(`${stack}/cdk.tf.json`, readFileSync(join(outdir, "stacks", stack, "cdk.tf.json")));
    }
    return files;
  }

  test.each(["configs/default.yaml", "configs/examples/split-stacks.yaml", "configs/examples/module.yaml"])(
    "two synths of %s into different folders are byte-identical (cdk.tf.json and manifest)",
    (file) => {
      const first = synthFiles(file);
      const second = synthFiles(file);
      expect([...second.keys()]).toEqual([...first.keys()]);
      for (const [name, bytes] of first) expect({ name, same: bytes.equals(second.get(name)!) }).toEqual({ name, same: true });
      const text = [...first.values()].map((b) => b.toString("utf8")).join("\n");
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain(process.cwd());
    },
  );
});
