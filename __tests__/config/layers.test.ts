/**
 * Layered configs (config/layers.ts through config/load.ts): `extends` and comma-separated files
 * merge in order, maps deeply, lists replaced, services/containers/load balancers/tasks by name;
 * problems point at the file and line that set the value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, parseConfig } from "../../config/load";
import { unreadable } from "../../config/layers";
import { minimalYaml } from "../helpers/synth";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cdktf-ecs-ec2-layers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes files into the test folder; returns the path of the last one. */
function files(contents: Record<string, string>): string {
  let last = "";
  for (const [name, text] of Object.entries(contents)) {
    last = join(dir, name);
    mkdirSync(join(last, ".."), { recursive: true });
    writeFileSync(last, text);
  }
  return last;
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

const BASE = minimalYaml(`capacity:
  instanceType: t3.medium
  minSize: 1
  maxSize: 2
loadBalancers:
  - name: public
services:
  - name: web
    desiredCount: 1
    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 256
        portMappings:
          - containerPort: 80
      - name: sidecar
        image: busybox:1.36
        memoryReservation: 32
    loadBalancer:
      name: public
  - name: worker
    containers:
      - name: worker
        image: busybox:1.36
        memoryReservation: 64
`);

describe("merging", () => {
  test("maps merge deeply: an overlay changes one capacity key and keeps the others", () => {
    const config = loadConfig(files({ "base.yaml": BASE, "prod.yaml": "extends: base.yaml\ncapacity:\n  maxSize: 6\n" }));
    expect(config.capacity).toEqual(expect.objectContaining({ instanceType: "t3.medium", minSize: 1, maxSize: 6 }));
    expect(config.network.vpcId).toBe("vpc-0123456789abcdef0");
  });

  test("plain lists are replaced as a whole", () => {
    const config = loadConfig(files({ "base.yaml": BASE, "prod.yaml": "extends: base.yaml\nnetwork:\n  hostSubnetIds: [subnet-0ccccccccccccccc1, subnet-0ccccccccccccccc2]\n" }));
    expect(config.network.hostSubnetIds).toEqual(["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"]);
    expect(config.network.loadBalancerSubnetIds).toHaveLength(2);
  });

  test("services and their containers merge by name; a new name is added at the end", () => {
    const overlay = `extends: base.yaml
services:
  - name: web
    desiredCount: 3
    containers:
      - name: web
        image: nginx:1.28
  - name: cron
    containers:
      - name: cron
        image: busybox:1.36
        memoryReservation: 32
`;
    const config = loadConfig(files({ "base.yaml": BASE, "prod.yaml": overlay }));
    expect(config.services.map((s) => s.name)).toEqual(["web", "worker", "cron"]);
    const web = config.services[0];
    expect(web.desiredCount).toBe(3);
    expect(web.containers.map((c) => [c.name, c.image, c.memoryReservation])).toEqual([
      ["web", "nginx:1.28", 256],
      ["sidecar", "busybox:1.36", 32],
    ]);
    expect(web.containers[0].portMappings).toEqual([expect.objectContaining({ containerPort: 80 })]);
  });

  test("remove: true deletes a service or a container an earlier file defines", () => {
    const overlay = "extends: base.yaml\nservices:\n  - name: worker\n    remove: true\n  - name: web\n    containers:\n      - name: sidecar\n        remove: true\n";
    const config = loadConfig(files({ "base.yaml": BASE, "dev.yaml": overlay }));
    expect(config.services.map((s) => s.name)).toEqual(["web"]);
    expect(config.services[0].containers.map((c) => c.name)).toEqual(["web"]);
  });

  test("key: null in a later file removes the key, so its default applies again", () => {
    const base = minimalYaml("capacity:\n  desiredCapacity: 2\n  minSize: 1\n  maxSize: 3\n");
    const config = loadConfig(files({ "base.yaml": base, "dev.yaml": "extends: base.yaml\ncapacity:\n  desiredCapacity: null\n" }));
    expect(config.capacity.desiredCapacity).toBeUndefined();
    expect(config.capacity.maxSize).toBe(3);
  });

  test("ECS_CONFIG-style comma lists merge like extends, in order", () => {
    files({ "base.yaml": BASE, "big.yaml": "capacity:\n  maxSize: 9\n", "bigger.yaml": "capacity:\n  maxSize: 12\n" });
    const config = loadConfig(["base.yaml", "big.yaml", "bigger.yaml"].map((f) => join(dir, f)).join(","));
    expect(config.capacity.maxSize).toBe(12);
  });

  test("extends takes a list, each path relative to the file that names it; a file reached twice counts once", () => {
    const config = loadConfig(
      files({
        "common/base.yaml": BASE,
        "common/region.yaml": "extends: base.yaml\nregion: eu-central-1\n",
        "common/size.yaml": "extends: base.yaml\ncapacity:\n  maxSize: 4\n",
        "envs/prod.yaml": "extends: [../common/region.yaml, ../common/size.yaml]\n",
      }),
    );
    expect([config.region, config.capacity.maxSize, config.capacity.instanceType]).toEqual(["eu-central-1", 4, "t3.medium"]);
  });
});

describe("problems point at the file and line that set the value", () => {
  test("a wrong value in an overlay: its path, value, allowed values, and the overlay's file and line", () => {
    const prod = files({ "base.yaml": BASE, "prod.yaml": "extends: base.yaml\ncapacity:\n  minSize: 1\n  maxSize: lots\n" });
    const error = configError(() => loadConfig(prod));
    expect(error.issues).toEqual([expect.objectContaining({ path: "capacity.maxSize", file: prod, line: 4 })]);
    expect(error.message).toMatch(/ {2}- capacity\.maxSize: "lots" is not an integer between \d+ and \d+ \(line 4\)/);
  });

  test("a value from the base that an overlay's change makes wrong is reported where each was set", () => {
    files({ "base.yaml": BASE });
    const prod = files({ "prod.yaml": "extends: base.yaml\ncapacity:\n  minSize: 5\n" });
    const error = configError(() => loadConfig(prod));
    expect(error.issues).toEqual([expect.objectContaining({ path: "capacity.minSize", line: 3 })]);
    expect(error.issues[0].file).toMatch(/prod\.yaml$/);
  });

  test("a wrong value the overlay did not touch points at the base file's line", () => {
    const base = BASE.replace("image: nginx:1.27", "image: ''");
    const prod = files({ "base.yaml": base, "prod.yaml": "extends: base.yaml\nservices:\n  - name: web\n    desiredCount: 2\n" });
    const error = configError(() => loadConfig(prod));
    const issue = error.issues.find((i) => i.path === "services[0].containers[0].image")!;
    expect(issue.file).toMatch(/base\.yaml$/);
    expect(issue.line).toBe(base.split("\n").findIndex((l) => l.includes("image: ''")) + 1);
  });

  test("an unknown key in an overlay: did-you-mean, the overlay's file and line", () => {
    const prod = files({ "base.yaml": BASE, "prod.yaml": "extends: base.yaml\ncapacity:\n  instanceTyp: m6i.large\n" });
    const error = configError(() => loadConfig(prod));
    expect(error.issues).toEqual([expect.objectContaining({ path: "capacity.instanceTyp", line: 3 })]);
    expect(error.issues[0].message).toMatch(/unknown key; did you mean "instanceType"\?/);
  });

  test("a single file's problems carry their line too", () => {
    const error = configError(() => parseConfig(minimalYaml("capacity:\n  minSize: -1\n"), "one.yaml"));
    expect(error.issues).toEqual([expect.objectContaining({ path: "capacity.minSize", file: "one.yaml", line: 8 })]);
    expect(error.message).toContain("capacity.minSize: -1 is not an integer between 0 and 1000 (line 8)");
  });
});

describe("layers that cannot be merged", () => {
  test("a list in the base and a mapping in the overlay: both files and lines, no merge", () => {
    const prod = files({ "base.yaml": BASE, "prod.yaml": "extends: base.yaml\nservices:\n  web:\n    desiredCount: 2\n" });
    const error = configError(() => loadConfig(prod));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toEqual(expect.objectContaining({ path: "services", line: 2 }));
    expect(error.issues[0].message).toMatch(/^is a mapping here but a list in .*base\.yaml:\d+; a later file can change a value, not turn a list into a mapping$/);
  });

  test("a cycle of extends names the files around it", () => {
    files({ "a.yaml": "extends: b.yaml\nname: demo\n", "b.yaml": "extends: c.yaml\n", "c.yaml": "extends: a.yaml\n" });
    const error = configError(() => loadConfig(join(dir, "a.yaml")));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].message).toMatch(/^"a\.yaml" makes a cycle: .*a\.yaml → .*b\.yaml → .*c\.yaml → .*a\.yaml; a config cannot extend itself/);
    expect(error.issues[0]).toEqual(expect.objectContaining({ path: "extends", line: 1, file: join(dir, "c.yaml") }));
  });

  test("a file that extends itself is a cycle", () => {
    const a = files({ "a.yaml": "name: demo\nextends: a.yaml\n" });
    expect(configError(() => loadConfig(a)).issues[0]).toEqual(expect.objectContaining({ path: "extends", line: 2, message: expect.stringContaining("makes a cycle") }));
  });

  test("a missing extended file is reported at the extends line, with where it was looked for", () => {
    const prod = files({ "prod.yaml": "environment: prod\nextends: [base.yaml]\n" });
    const issue = configError(() => loadConfig(prod)).issues[0];
    expect(issue).toEqual(expect.objectContaining({ path: "extends[0]", line: 2 }));
    expect(issue.message).toBe(
      `"base.yaml" does not exist (looked for ${join(dir, "base.yaml")}); check the spelling and the folder it is relative to (paths in extends are relative to the file that names them)`,
    );
  });

  test("extends must be a path or a list of paths", () => {
    const prod = files({ "prod.yaml": "extends: {file: base.yaml}\n" });
    expect(configError(() => loadConfig(prod)).issues[0].message).toMatch(/^\{"file":"base\.yaml"\} is not a file path; extends takes a path or a list of paths/);
  });

  test("remove: true of a name no earlier file defines, or with other keys beside it, is refused", () => {
    const missing = files({ "base.yaml": BASE, "a.yaml": "extends: base.yaml\nservices:\n  - name: api\n    remove: true\n" });
    expect(configError(() => loadConfig(missing)).issues[0]).toEqual(
      expect.objectContaining({ path: "services[0].remove", line: 4, message: expect.stringMatching(/^deletes "api", but no earlier file defines services entry "api"/) }),
    );
    const extra = files({ "b.yaml": "extends: base.yaml\nservices:\n  - name: web\n    remove: true\n    desiredCount: 2\n" });
    expect(configError(() => loadConfig(extra)).issues[0].message).toMatch(/^deletes "web", so desiredCount beside it would have no effect/);
    const notTrue = files({ "c.yaml": "extends: base.yaml\nservices:\n  - name: web\n    remove: yes\n" });
    expect(configError(() => loadConfig(notTrue)).issues[0].message).toMatch(/^"yes" is not true; `remove: true` deletes/);
  });
});

describe("paths that are not config files get a sentence, not ENOENT or EISDIR", () => {
  test("a missing file", () => {
    const error = configError(() => loadConfig(join(dir, "nope.yaml")));
    expect(error.issues).toEqual([{ path: "(file)", message: `does not exist (looked for ${join(dir, "nope.yaml")}); check the spelling and the folder it is relative to` }]);
    expect(error.message).not.toMatch(/ENOENT/);
  });

  test("a folder", () => {
    const error = configError(() => loadConfig(dir));
    expect(error.issues[0].message).toMatch(/^is a folder, not a config file \(.*\); name a \.yaml or \.json file in it \(npm run synth also takes a folder of environments/);
    expect(error.message).not.toMatch(/EISDIR/);
  });

  test("an unreadable file (permission denied) says what to do", () => {
    // As root every file is readable, so the phrase is checked on the error Node gives.
    expect(unreadable(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }), "/x/prod.yaml")).toEqual({
      what: "cannot be read: permission denied (/x/prod.yaml)",
      fix: "give the user running the synth read access (chmod u+r)",
    });
  });

  test("an empty entry in a comma list", () => {
    expect(configError(() => loadConfig("a.yaml,,b.yaml")).issues[0].message).toMatch(/has an empty entry/);
  });
});
