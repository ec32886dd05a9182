import { containerDefinitions, only, serviceYaml, synth } from "../../helpers/services";

const container = (extra = "") => `
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
${extra
  .trim()
  .split("\n")
  .map((l) => `    ${l}`)
  .join("\n")}
`;

describe("container definitions", () => {
  test("render several containers per task with command, entryPoint, environment and cpu/memory", () => {
    const json = synth(
      serviceYaml(`
containers:
  - name: app
    image: nginx:1.27
    cpu: 256
    memory: 512
    memoryReservation: 256
    command: ["nginx", "-g", "daemon off;"]
    entryPoint: ["/docker-entrypoint.sh"]
    environment: { MODE: prod }
  - name: sidecar
    image: busybox:1.36
    essential: false
    memoryReservation: 32
`),
    );
    const [app, sidecar] = containerDefinitions(json);
    expect(app).toEqual(
      expect.objectContaining({
        name: "app",
        cpu: 256,
        memory: 512,
        memoryReservation: 256,
        essential: true,
        command: ["nginx", "-g", "daemon off;"],
        entryPoint: ["/docker-entrypoint.sh"],
        environment: [{ name: "MODE", value: "prod" }],
      }),
    );
    expect(sidecar).toEqual(expect.objectContaining({ name: "sidecar", essential: false }));
  });

  test("map ports to dynamic host ports (hostPort 0) unless a fixed one is asked for", () => {
    const json = synth(
      serviceYaml(
        `deployment: { minimumHealthyPercent: 0, maximumPercent: 100 }\n${container("portMappings: [{ containerPort: 80 }, { containerPort: 9000, hostPort: 9000, protocol: udp }]")}`,
      ),
    );
    expect(containerDefinitions(json)[0].portMappings).toEqual([
      { containerPort: 80, hostPort: 0, protocol: "tcp" },
      { containerPort: 9000, hostPort: 9000, protocol: "udp" },
    ]);
  });

  test("pass secrets by ARN, including a JSON key of a Secrets Manager secret", () => {
    const json = synth(
      serviceYaml(
        container(`
secrets:
  - { name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::" }
  - { name: TOKEN, valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token" }
`),
      ),
    );
    expect(containerDefinitions(json)[0].secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::" },
      { name: "TOKEN", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token" },
    ]);
  });

  test("render a health check with interval, timeout, retries and start period", () => {
    const json = synth(
      serviceYaml(container(`healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost/"], intervalSeconds: 10, timeoutSeconds: 3, retries: 5, startPeriodSeconds: 20 }`)),
    );
    expect(containerDefinitions(json)[0].healthCheck).toEqual({ command: ["CMD-SHELL", "curl -f http://localhost/"], interval: 10, timeout: 3, retries: 5, startPeriod: 20 });
  });

  test("render ulimits, links, dependsOn, docker labels, stop timeout and a read-only root file system", () => {
    const json = synth(
      serviceYaml(`
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
    ulimits: [{ name: nofile, softLimit: 4096, hardLimit: 8192 }]
    links: ["db:database"]
    dependsOn: [{ containerName: db, condition: HEALTHY }]
    dockerLabels: { team: web }
    stopTimeoutSeconds: 90
    readonlyRootFilesystem: true
  - name: db
    image: postgres:16
    memoryReservation: 256
    healthCheck: { command: ["CMD", "pg_isready"] }
`),
    );
    expect(containerDefinitions(json)[0]).toEqual(
      expect.objectContaining({
        ulimits: [{ name: "nofile", softLimit: 4096, hardLimit: 8192 }],
        links: ["db:database"],
        dependsOn: [{ containerName: "db", condition: "HEALTHY" }],
        dockerLabels: { team: "web" },
        stopTimeout: 90,
        readonlyRootFilesystem: true,
      }),
    );
  });

  test("are not privileged unless asked", () => {
    const plain = containerDefinitions(synth(serviceYaml(container())))[0];
    expect(plain.privileged).toBeUndefined();
    const asked = containerDefinitions(synth(serviceYaml(container("privileged: true"))))[0];
    expect(asked.privileged).toBe(true);
  });

  test("carry repository credentials for a private registry image", () => {
    const json = synth(serviceYaml(container("repositoryCredentials: { credentialsParameter: arn:aws:secretsmanager:eu-west-1:123456789012:secret:reg-AbCdEf }")));
    expect(containerDefinitions(json)[0].repositoryCredentials).toEqual({ credentialsParameter: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:reg-AbCdEf" });
  });
});

describe("task volumes", () => {
  const volumesYaml = `
volumes:
  - name: logs
    hostPath: /var/log/app
  - name: cache
    docker: { scope: shared, autoprovision: true, driver: local, driverOpts: { type: tmpfs } }
  - name: data
    efs: { fileSystemId: fs-0123456789abcdef0, accessPointId: fsap-0123456789abcdef0, iam: ENABLED }
containers:
  - name: app
    image: nginx:1.27
    memoryReservation: 128
    mountPoints:
      - { sourceVolume: data, containerPath: /data }
      - { sourceVolume: logs, containerPath: /logs, readOnly: true }
  - name: reader
    image: busybox:1.36
    memoryReservation: 32
    volumesFrom: [{ sourceContainer: app, readOnly: true }]
`;

  test("define host path, Docker and EFS volumes on the task definition", () => {
    const td = only(synth(serviceYaml(volumesYaml)), "aws_ecs_task_definition");
    expect(td.volume).toEqual([
      expect.objectContaining({ name: "logs", host_path: "/var/log/app" }),
      expect.objectContaining({
        name: "cache",
        docker_volume_configuration: expect.objectContaining({ scope: "shared", autoprovision: true, driver: "local", driver_opts: { type: "tmpfs" } }),
      }),
      expect.objectContaining({
        name: "data",
        efs_volume_configuration: expect.objectContaining({
          file_system_id: "fs-0123456789abcdef0",
          transit_encryption: "ENABLED",
          authorization_config: { access_point_id: "fsap-0123456789abcdef0", iam: "ENABLED" },
        }),
      }),
    ]);
  });

  test("mount volumes into containers and share them with volumesFrom", () => {
    const [app, reader] = containerDefinitions(synth(serviceYaml(volumesYaml)));
    expect(app.mountPoints).toEqual([
      { sourceVolume: "data", containerPath: "/data", readOnly: false },
      { sourceVolume: "logs", containerPath: "/logs", readOnly: true },
    ]);
    expect(reader.volumesFrom).toEqual([{ sourceContainer: "app", readOnly: true }]);
  });

  test("place tasks only where the task placement constraints allow", () => {
    const td = only(synth(serviceYaml(`taskPlacementConstraints: ["attribute:ecs.instance-type =~ m6i.*"]\n${container()}`)), "aws_ecs_task_definition");
    expect(td.placement_constraints).toEqual([{ type: "memberOf", expression: "attribute:ecs.instance-type =~ m6i.*" }]);
  });
});
