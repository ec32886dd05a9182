/** The synth output keys of the config: module, backend, moved, services[].stack, and their checks. */
import { ConfigError } from "../../../config/load";
import { configFrom, minimalYaml } from "../../helpers/synth";

function problems(yaml: string): string[] {
  try {
    configFrom(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const svc = (name: string, extra = "") => `  - name: ${name}\n    containers: [{ name: app, image: nginx, memoryReservation: 64 }]\n${extra}`;

describe("synth output config", () => {
  test("defaults to a root stack with local state and no renames", () => {
    const config = configFrom(minimalYaml());
    expect(config.module).toBe(false);
    expect(config.backend).toEqual({});
    expect(config.moved).toEqual([]);
  });

  test("fills in S3 backend defaults: encrypt and useLockfile on", () => {
    const config = configFrom(minimalYaml("backend:\n  s3: { bucket: my-state, region: eu-west-1 }\n"));
    expect(config.backend.s3).toEqual({ bucket: "my-state", region: "eu-west-1", encrypt: true, useLockfile: true });
  });

  test("names the path, the value and what is allowed for a bad bucket, region and key", () => {
    const found = problems(minimalYaml("backend:\n  s3: { bucket: My_Bucket, region: europe, keyPrefix: 'a b' }\n"));
    expect(found).toEqual(
      expect.arrayContaining([
        'backend.s3.bucket: "My_Bucket" is not an S3 bucket name like my-tf-state',
        'backend.s3.region: "europe" is not an AWS region like eu-west-1',
        expect.stringMatching(/^backend\.s3\.keyPrefix: "a b" is not an S3 key prefix/),
      ]),
    );
  });

  test("requires a bucket and a region for the S3 backend", () => {
    expect(problems(minimalYaml("backend:\n  s3: {}\n"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^backend\.s3\.bucket: is required/), expect.stringMatching(/^backend\.s3\.region: is required/)]),
    );
  });

  test("rejects a moved entry that is not a services path", () => {
    expect(problems(minimalYaml(`services:\n${svc("web")}moved:\n  - { from: web-old, to: services.web }\n`))).toEqual([
      'moved[0].from: "web-old" is not a service path like services.web',
    ]);
  });

  test("rejects a rename to a service that does not exist, or from one that still does", () => {
    const found = problems(minimalYaml(`services:\n${svc("web")}${svc("api")}moved:\n  - { from: services.api, to: services.www }\n`));
    expect(found).toEqual([
      'moved[0].from: "services.api" is still a service in services; from must be the old name, no longer in use',
      'moved[0].to: "services.www" is not a service in services; allowed: "services.web", "services.api"',
    ]);
  });

  test("rejects two renames into one service", () => {
    const found = problems(minimalYaml(`services:\n${svc("web")}moved:\n  - { from: services.a, to: services.web }\n  - { from: services.b, to: services.web }\n`));
    expect(found).toEqual(['moved[1].to: "services.web" is already the target of moved[0]; a service has one previous name per rename']);
  });

  test("module: true cannot have a backend or services in other stacks", () => {
    const found = problems(minimalYaml(`module: true\nbackend:\n  s3: { bucket: my-state, region: eu-west-1 }\nservices:\n${svc("web", "    stack: team-a\n")}`));
    expect(found).toEqual([
      "backend.s3: cannot be set with module: true; a module has no backend: configure state in the root module that calls it",
      'services[0].stack: "team-a" cannot be set with module: true; a module is one stack',
    ]);
  });

  test("a service's stack must be a name", () => {
    expect(problems(minimalYaml(`services:\n${svc("web", "    stack: Team_A\n")}`))).toEqual([
      expect.stringMatching(/^services\[0\]\.stack: "Team_A" is not a name of 1 to 32 lowercase letters/),
    ]);
  });
});

test("a task cannot reuse a service that lives in a team stack", () => {
  const found = problems(minimalYaml(`services:\n${svc("web", "    stack: team-a\n")}tasks:\n  - name: migrate\n    fromService: web\n`));
  expect(found).toEqual([expect.stringMatching(/^tasks\[0\]\.fromService: "web" .*stack "team-a"/)]);
});
