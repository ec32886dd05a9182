import { renderUserData } from "../../modules/user-data";
import { configFrom, minimalYaml, resources, synthJson } from "../helpers/synth";

const agent = {
  taskCleanupWaitDuration: "1h",
  imageCleanupInterval: "15m",
  imageMinimumCleanupAge: "2h",
  numImagesDeletePerCycle: 8,
  containerMetadata: true,
  logLevel: "debug",
  spotInstanceDraining: true,
  instanceAttributes: { workload: "batch" },
};

describe("renderUserData on Amazon Linux", () => {
  test("writes each typed agent setting as its ECS_ variable after ECS_CLUSTER", () => {
    const script = renderUserData({ family: "al2023", clusterName: "demo", agent });
    const config = script.split("<<'ECS_CONFIG'\n")[1].split("\nECS_CONFIG")[0].split("\n");
    expect(config).toEqual([
      "ECS_CLUSTER=demo",
      "ECS_ENABLE_CONTAINER_METADATA=true",
      "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
      "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h",
      "ECS_IMAGE_CLEANUP_INTERVAL=15m",
      "ECS_IMAGE_MINIMUM_CLEANUP_AGE=2h",
      'ECS_INSTANCE_ATTRIBUTES={"workload":"batch"}',
      "ECS_LOGLEVEL=debug",
      "ECS_NUM_IMAGES_DELETE_PER_CYCLE=8",
    ]);
  });

  test("writes ECS_DISABLE_IMAGE_CLEANUP when image cleanup is turned off", () => {
    expect(renderUserData({ family: "al2", clusterName: "demo", agent: { disableImageCleanup: true } })).toContain("\nECS_DISABLE_IMAGE_CLEANUP=true\n");
  });

  test("leaves Docker alone when no Docker option is set", () => {
    const script = renderUserData({ family: "al2023", clusterName: "demo", agent: { docker: { debug: false, defaultUlimits: {} } } });
    expect(script).not.toContain("docker");
  });

  test.each([
    ["al2023", "systemctl restart docker"],
    ["al2", "systemctl restart docker"],
    ["al1", "service docker restart"],
  ] as const)("on %s appends -D and default ulimits to the docker OPTIONS, then restarts Docker (%s)", (family, restart) => {
    const script = renderUserData({ family, clusterName: "demo", agent: { docker: { debug: true, defaultUlimits: { nofile: { soft: 1024, hard: 4096 } } } } });
    const lines = script.split("\n");
    const sed = lines.findIndex((l) => l.startsWith("sed -i"));
    expect(lines[sed]).toBe(`sed -i '/^OPTIONS=/ s/"$/ -D --default-ulimit nofile=1024:4096"/' /etc/sysconfig/docker`);
    expect(lines[sed + 1]).toBe(restart);
    // The agent's config is written before Docker restarts; ecs.service starts after user data.
    expect(lines.indexOf("ECS_CONFIG")).toBeLessThan(sed);
  });

  test("the OPTIONS edit keeps the AMI's flags and adds ours (checked with sed)", () => {
    const { execFileSync } = require("node:child_process") as typeof import("child_process");
    const script = renderUserData({ family: "al2023", clusterName: "demo", agent: { docker: { debug: true, defaultUlimits: { nofile: { soft: 1024, hard: 4096 } } } } });
    const sedLine = script.split("\n").find((l) => l.startsWith("sed -i"))!;
    const expression = sedLine.match(/^sed -i '(.*)' \/etc\/sysconfig\/docker$/)![1];
    const out = execFileSync("sed", [expression], { input: 'DAEMON_MAXFILES=1048576\nOPTIONS="--default-ulimit nofile=32768:65536"\n', encoding: "utf8" });
    expect(out).toBe('DAEMON_MAXFILES=1048576\nOPTIONS="--default-ulimit nofile=32768:65536 -D --default-ulimit nofile=1024:4096"\n');
  });
});

describe("renderUserData on Bottlerocket", () => {
  test("writes the typed settings as [settings.ecs] TOML", () => {
    const toml = renderUserData({ family: "bottlerocket", clusterName: "demo", agent: { ...agent, disableImageCleanup: false } });
    expect(toml).toContain(
      [
        "[settings.ecs]",
        'cluster = "demo"',
        'loglevel = "debug"',
        'task-cleanup-wait = "1h"',
        'image-cleanup-wait = "15m"',
        'image-cleanup-age = "2h"',
        "image-cleanup-delete-per-cycle = 8",
        "image-cleanup-enabled = true",
        "enable-container-metadata = true",
        "enable-spot-instance-draining = true",
        "",
        "[settings.ecs.instance-attributes]",
        '"workload" = "batch"',
      ].join("\n"),
    );
  });

  test("writes Docker default ulimits as oci-defaults resource limits", () => {
    const toml = renderUserData({ family: "bottlerocket", clusterName: "demo", agent: { docker: { defaultUlimits: { nofile: { soft: 1024, hard: 4096 } } } } });
    expect(toml).toContain("[settings.oci-defaults.resource-limits.max-open-files]\nsoft-limit = 1024\nhard-limit = 4096\n");
  });

  test("refuses Docker debug, which Bottlerocket has no setting for", () => {
    expect(() => renderUserData({ family: "bottlerocket", clusterName: "demo", agent: { docker: { debug: true } } })).toThrow(/docker.debug/);
  });

  test("refuses text Terraform would read as an escape or a template", () => {
    expect(() => renderUserData({ family: "al2023", clusterName: "demo", agentSettings: { ECS_X: "${oops}" } })).toThrow(/must not contain "\$\{"/);
  });

  test("refuses raw ecs.config variables", () => {
    expect(() => renderUserData({ family: "bottlerocket", clusterName: "demo", agentSettings: { ECS_LOGLEVEL: "debug" } })).toThrow(/agentSettings \(ECS_LOGLEVEL\)/);
  });
});

describe("capacity.agent in the config", () => {
  test("reaches the launch template's user data", () => {
    const json = synthJson(
      configFrom(minimalYaml("capacity:\n  agent:\n    imageCleanupInterval: 20m\n    docker:\n      defaultUlimits:\n        nofile: { soft: 2048, hard: 8192 }\n")),
    );
    const [template] = Object.values(resources(json, "aws_launch_template"));
    // user_data is ${base64encode("<script as an HCL string>")}: newlines appear as \n.
    const script: string = template.user_data;
    expect(script).toContain("\\nECS_IMAGE_CLEANUP_INTERVAL=20m\\n");
    expect(script).toContain("--default-ulimit nofile=2048:8192");
  });

  test.each([
    ["imageCleanupInterval: 5m", "capacity.agent.imageCleanupInterval", /"5m" is not a duration .* of at least 10m/],
    ["taskCleanupWaitDuration: 30s", "capacity.agent.taskCleanupWaitDuration", /of at least 1m/],
    ["taskCleanupWaitDuration: 3 hours", "capacity.agent.taskCleanupWaitDuration", /"3 hours" is not a duration/],
    ["logLevel: verbose", "capacity.agent.logLevel", /"verbose" is not one of "debug", "info"/],
    ["imageCleanupIntervall: 30m", "capacity.agent.imageCleanupIntervall", /unknown key; did you mean "imageCleanupInterval"/],
    ["docker: { defaultUlimits: { files: { soft: 1, hard: 2 } } }", "capacity.agent.docker.defaultUlimits key", /"files" is not ulimit names/],
    ["docker: { defaultUlimits: { nofile: { soft: 4096, hard: 1024 } } }", "capacity.agent.docker.defaultUlimits.nofile.soft", /4096 must not be greater than hard \(1024\)/],
  ])("rejects %s", (line, path, message) => {
    expect(() => configFrom(minimalYaml(`capacity:\n  agent:\n    ${line}\n`))).toThrow(
      expect.objectContaining({ issues: expect.arrayContaining([{ path, message: expect.stringMatching(message) }]) }),
    );
  });

  test("rejects Docker debug on Bottlerocket, naming the families that have it", () => {
    expect(() => configFrom(minimalYaml("capacity:\n  image: { family: bottlerocket }\n  agent:\n    docker: { debug: true }\n"))).toThrow(
      expect.objectContaining({ issues: [{ path: "capacity.agent.docker.debug", message: expect.stringMatching(/no Bottlerocket setting.*"al2023", "al2", "al1"/) }] }),
    );
  });
});

// Bottlerocket: "settings.ecs.allow-privileged-containers — Allow the launch of privileged
// containers on the container instance. If this value is set to false, privileged containers are
// not permitted. Default: false" (https://bottlerocket.dev/en/os/1.20.x/api/settings/ecs/).
describe("privileged containers on Bottlerocket", () => {
  const privileged = (family: string, flag: boolean) =>
    minimalYaml(`capacity:
  image: { family: ${family} }
security:
  allow: { privilegedContainers: true }
services:
  - name: agent
    containers: [{ name: agent, image: "busybox:1.36", memoryReservation: 64, privileged: ${flag} }]
`);
  const userData = (yaml: string): string => Object.values<any>(resources(synthJson(configFrom(yaml)), "aws_launch_template"))[0].user_data;

  test("the hosts allow them when a container is privileged", () => {
    expect(userData(privileged("bottlerocket", true))).toContain("allow-privileged-containers = true");
  });

  test("the hosts keep Bottlerocket's refusal when no container is privileged", () => {
    expect(userData(privileged("bottlerocket", false))).not.toContain("allow-privileged-containers");
  });

  test("a privileged task container counts too", () => {
    const yaml =
      privileged("bottlerocket", false) +
      `tasks:
  - name: probe
    containers: [{ name: probe, image: "busybox:1.36", memoryReservation: 64, privileged: true }]
`;
    expect(userData(yaml)).toContain("allow-privileged-containers = true");
  });

  test("Amazon Linux hosts need no setting (the agent allows privileged containers unless ECS_DISABLE_PRIVILEGED)", () => {
    expect(userData(privileged("al2023", true))).not.toMatch(/PRIVILEGED|privileged/);
    expect(renderUserData({ family: "al2023", clusterName: "demo", agent: { allowPrivilegedContainers: true } })).not.toMatch(/PRIVILEGED/);
  });
});

describe("capacity.sessionManager", () => {
  const attachments = (yaml: string) => Object.values(resources(synthJson(configFrom(minimalYaml(yaml))), "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);

  test("attaches AmazonSSMManagedInstanceCore to the host role when on", () => {
    expect(attachments("capacity:\n  sessionManager: true\n")).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });

  test("attaches nothing for Session Manager by default", () => {
    expect(attachments("")).not.toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });
});
