import { stack } from "../../modules/helpers";
import { EcsService } from "../../../modules/ecs-service";
import { containerDefinitions, only, problems, serviceYaml, synth } from "../../helpers/services";

const CONTAINER = "containers: [{ name: app, image: nginx:1.27, memoryReservation: 128 }]";
const service = (yaml: string) => only(synth(serviceYaml(`${CONTAINER}\n${yaml}`)), "aws_ecs_service");

// Every argument below exists in hashicorp/aws 5.100.0 (`terraform providers schema -json`:
// aws_ecs_service has alarms, force_new_deployment, triggers, wait_for_steady_state and
// availability_zone_rebalancing).
describe("service deployment options", () => {
  test("leaves every option out by default", () => {
    const s = service("");
    for (const key of ["alarms", "force_new_deployment", "triggers", "wait_for_steady_state", "availability_zone_rebalancing"]) expect(s[key]).toBeUndefined();
    expect(containerDefinitions(synth(serviceYaml(CONTAINER)))[0].linuxParameters).toBeUndefined();
  });

  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
  test("deployment alarms fail the deployment and roll it back by default", () => {
    expect(service("deployment:\n  alarms: { names: [web-5xx, web-latency] }").alarms).toEqual({ alarm_names: ["web-5xx", "web-latency"], enable: true, rollback: true });
    expect(service("deployment:\n  alarms: { names: [web-5xx], rollback: false }").alarms).toEqual({ alarm_names: ["web-5xx"], enable: true, rollback: false });
  });

  test("forceNewDeployment with triggers redeploys when a trigger value changes", () => {
    const s = service("deployment:\n  forceNewDeployment: true\n  triggers: { ami: '2026-01' }");
    expect(s.force_new_deployment).toBe(true);
    expect(s.triggers).toEqual({ ami: "2026-01" });
  });

  test("waitForSteadyState makes terraform apply wait for the service", () => {
    expect(service("deployment:\n  waitForSteadyState: true").wait_for_steady_state).toBe(true);
  });

  test("availabilityZoneRebalancing is sent as configured", () => {
    expect(service("availabilityZoneRebalancing: DISABLED").availability_zone_rebalancing).toBe("DISABLED");
    expect(service('availabilityZoneRebalancing: ENABLED\nplacementStrategy: [{ type: spread, field: "attribute:ecs.availability-zone" }]').availability_zone_rebalancing).toBe(
      "ENABLED",
    );
  });
});

// "To cleanup zombie processes, we recommend adding the initProcessEnabled flag to your task
// definition." https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
describe("ECS Exec", () => {
  test("turns on every container's init process", () => {
    const json = synth(
      serviceYaml(
        `containers:\n  - { name: app, image: nginx:1.27, memoryReservation: 128 }\n  - { name: side, image: busybox:1.36, memoryReservation: 32, essential: false }\nenableExecuteCommand: true`,
      ),
    );
    expect(containerDefinitions(json).map((c) => c.linuxParameters)).toEqual([{ initProcessEnabled: true }, { initProcessEnabled: true }]);
  });
});

describe("service option config errors", () => {
  test.each([
    ["availabilityZoneRebalancing: ENABLED", /services\[0\]\.availabilityZoneRebalancing: "ENABLED" does not work with a binpack placement strategy \(the default placement/],
    [
      "availabilityZoneRebalancing: ENABLED\nplacementStrategy: [{ type: binpack, field: memory }]",
      /"ENABLED" does not work with a binpack placement strategy; set placementStrategy/,
    ],
    ["schedulingStrategy: DAEMON\nlaunchType: EC2\navailabilityZoneRebalancing: ENABLED", /"ENABLED" is not available for DAEMON services/],
    ["deployment:\n  triggers: { ami: '2026-01' }", /services\[0\]\.deployment\.triggers: need deployment\.forceNewDeployment: true/],
    ["availabilityZoneRebalancing: SOMETIMES", /services\[0\]\.availabilityZoneRebalancing: "SOMETIMES" is not one of "ENABLED", "DISABLED"/],
    ["deployment:\n  alarms: { names: [] }", /services\[0\]\.deployment\.alarms\.names/],
  ])("rejects %j", (yaml, message) => {
    expect(problems(serviceYaml(`${CONTAINER}\n${yaml}`))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  // "making the root file system read-only using the readonlyRootFilesystem task definition
  // parameter ... isn't supported" with ECS Exec: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  test("rejects a read-only root file system together with ECS Exec", () => {
    const yaml = serviceYaml("containers: [{ name: app, image: nginx:1.27, memoryReservation: 128, readonlyRootFilesystem: true }]\nenableExecuteCommand: true");
    expect(problems(yaml)).toEqual([
      "services[0].containers[0].readonlyRootFilesystem: true cannot be combined with enableExecuteCommand: the ECS Exec agent writes to the container's root file system",
    ]);
  });

  test("the construct's invariants refuse triggers without forceNewDeployment and exec with read-only containers", () => {
    const base = { name: "web", clusterName: "demo", clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo", region: "eu-west-1", capacityProviderName: "cp" };
    const container = { name: "app", image: "nginx:1.27", memoryReservation: 128 };
    const withTriggers = new EcsService(stack(), "svc", { ...base, containers: [container], triggers: { a: "1" } });
    expect(withTriggers.node.validate()).toEqual([expect.stringMatching(/need forceNewDeployment/)]);
    const execReadOnly = new EcsService(stack(), "svc", { ...base, containers: [{ ...container, readonlyRootFilesystem: true }], enableExecuteCommand: true });
    expect(execReadOnly.node.validate()).toEqual([expect.stringMatching(/readonlyRootFilesystem containers \(app\)/)]);
  });
});

// ECS Service Connect: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html
// (client and client-server services, named port mappings, task memory for the proxy). The 5.100
// provider takes one client_alias per endpoint (internal/service/ecs/service.go, MaxItems: 1).
describe("Service Connect", () => {
  const api = `containers:
  - name: api
    image: nginx:1.27
    memoryReservation: 128
    portMappings: [{ containerPort: 8080, name: http, appProtocol: http }]
memory: 512
serviceConnect:
  services: [{ portName: http, discoveryName: api, clientAlias: { port: 80, dnsName: api.internal } }]`;
  const withNamespace = (body: string, namespace = "serviceConnectNamespace: { name: internal }\n") => serviceYaml(body, namespace);

  test("creates the HTTP namespace and offers the named port as an endpoint", () => {
    const json = synth(withNamespace(api));
    expect(only(json, "aws_service_discovery_http_namespace")).toEqual(expect.objectContaining({ name: "internal" }));
    expect(only(json, "aws_ecs_service").service_connect_configuration).toEqual({
      enabled: true,
      namespace: "${aws_service_discovery_http_namespace.service-connect-namespace.arn}",
      service: [{ port_name: "http", discovery_name: "api", client_alias: { port: 80, dns_name: "api.internal" } }],
    });
    expect(containerDefinitions(json)[0].portMappings).toEqual([{ name: "http", containerPort: 8080, hostPort: 0, protocol: "tcp", appProtocol: "http" }]);
  });

  test("a client-only service joins an existing namespace by ARN, creating none", () => {
    const arn = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123";
    const json = synth(withNamespace(`${CONTAINER}\nmemory: 256\nserviceConnect: {}`, `serviceConnectNamespace: { arn: "${arn}" }\n`));
    expect(json.resource.aws_service_discovery_http_namespace).toBeUndefined();
    expect(only(json, "aws_ecs_service").service_connect_configuration).toEqual({ enabled: true, namespace: arn });
  });

  test.each([
    [api, "", /services\[0\]\.serviceConnect: needs the top-level serviceConnectNamespace/],
    [api.replace("memory: 512\n", ""), undefined, /services\[0\]\.memory: is required with serviceConnect/],
    [api.replace("memoryReservation: 128", "memory: 512"), undefined, /services\[0\]\.memory: 512 must be greater than the containers' memory limits together \(512\)/],
    [
      api.replace("portName: http", "portName: grpc"),
      undefined,
      /serviceConnect\.services\[0\]\.portName: "grpc" is not the name of a port mapping of this service; named ports: "http"/,
    ],
  ])("rejects a misconfigured service (%#)", (body, namespace, message) => {
    expect(problems(withNamespace(body, namespace))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test("rejects a namespace with both or neither of name and arn", () => {
    expect(problems(withNamespace(CONTAINER, "serviceConnectNamespace: {}\n"))).toEqual([
      "serviceConnectNamespace: needs exactly one of name (a namespace to create) and arn (an existing namespace)",
    ]);
  });

  // Bottlerocket has no Service Connect (bottlerocket-os/bottlerocket#2801: tasks stay in
  // PROVISIONING, "No service connect capabilities were found"); AWS lists the ECS-optimized
  // Amazon Linux AMIs as the ones it runs on.
  test.each(["bottlerocket", "al1"])("refuses Service Connect on %s hosts", (family) => {
    expect(problems(withNamespace(api, `serviceConnectNamespace: { name: internal }\ncapacity: { image: { family: ${family} } }\n`))).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`services\\[0\\]\\.serviceConnect: is not available on "${family}" hosts`))]),
    );
  });
});
