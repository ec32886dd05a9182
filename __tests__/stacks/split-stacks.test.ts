/**
 * Several stacks: services with `stack: <team>` go to the stack `<name>-<team>` and reach the
 * cluster stack's resources through terraform_remote_state and outputs; each stack has its own state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configFrom, loadBundled, minimalYaml, removeSynthFolders, synthToDisk } from "../helpers/synth";

afterAll(removeSynthFolders);

const services = `loadBalancers:
  - name: public
services:
  - name: web
    stack: team-a
    containers: [{ name: web, image: nginx, memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: public }
  - name: worker
    containers: [{ name: worker, image: busybox, memoryReservation: 64 }]
`;

function byName(yaml: string) {
  return Object.fromEntries(synthToDisk(configFrom(minimalYaml(yaml))).map((s) => [s.name, s]));
}

describe("split stacks", () => {
  const stacks = byName(services);

  test("puts services with stack: team-a into the stack demo-team-a and the rest with the cluster", () => {
    expect(Object.keys(stacks).sort()).toEqual(["demo", "demo-team-a"]);
    expect(Object.keys(stacks["demo-team-a"].json.resource.aws_ecs_service)).toEqual(["svc-web_service"]);
    expect(Object.keys(stacks.demo.json.resource.aws_ecs_service)).toEqual(["svc-worker_service"]);
    expect(stacks["demo-team-a"].json.resource.aws_ecs_cluster).toBeUndefined();
    expect(stacks["demo-team-a"].json.resource.aws_lb).toBeUndefined();
  });

  test("reads the cluster ARN, capacity provider and listener from the cluster stack's outputs", () => {
    const team = stacks["demo-team-a"].json;
    const remote = team.data.terraform_remote_state["cross-stack-reference-input-demo"];
    expect(remote).toEqual(expect.objectContaining({ backend: "local", config: { path: "../../../terraform.demo.tfstate" } }));
    const service = team.resource.aws_ecs_service["svc-web_service"];
    const ref = (output: string) => `\${data.terraform_remote_state.cross-stack-reference-input-demo.outputs.${output}}`;
    expect(service.cluster).toBe(ref("cross-stack-output-aws_ecs_cluster_cluster_arn"));
    expect(service.capacity_provider_strategy[0].capacity_provider).toBe(ref("cross-stack-output-aws_ecs_capacity_provider_capacity_capacity-provider_name"));
    const rule = Object.values<any>(team.resource.aws_lb_listener_rule)[0];
    expect(rule.listener_arn).toBe(ref("cross-stack-output-aws_lb_listener_lb-public_http_arn"));
    const outputs = stacks.demo.json.output;
    for (const name of [
      "cross-stack-output-aws_ecs_cluster_cluster_arn",
      "cross-stack-output-aws_ecs_capacity_provider_capacity_capacity-provider_name",
      "cross-stack-output-aws_lb_listener_lb-public_http_arn",
    ]) {
      expect(outputs[name]).toEqual(expect.objectContaining({ value: expect.stringMatching(/^\$\{aws_/) }));
    }
  });

  test("keeps each stack's local state in its own folder, reachable from the others", () => {
    expect(stacks.demo.json.terraform.backend.local).toEqual({ path: "../../../terraform.demo.tfstate" });
    expect(stacks["demo-team-a"].json.terraform.backend.local).toEqual({ path: "../../../terraform.demo-team-a.tfstate" });
  });

  test("a service stack depends on the cluster stack in the manifest, so cdktf deploys the cluster first", () => {
    const manifest = JSON.parse(readFileSync(join(stacks.demo.dir, "..", "..", "manifest.json"), "utf8"));
    expect(manifest.stacks["demo-team-a"].dependencies).toEqual(["demo"]);
    expect(manifest.stacks.demo.dependencies).toEqual([]);
  });

  test("service outputs are in the service's own stack", () => {
    expect(stacks["demo-team-a"].json.output).toEqual(expect.objectContaining({ service_web_name: expect.anything() }));
    expect(stacks.demo.json.output.service_web_name).toBeUndefined();
    expect(stacks.demo.json.output.service_worker_name).toBeDefined();
  });
});

describe("S3 backend", () => {
  test("gives each stack the key <keyPrefix>/<stack>.tfstate, encryption and S3 native locking", () => {
    const stacks = Object.fromEntries(synthToDisk(loadBundled("configs/examples/split-stacks.yaml")).map((s) => [s.name, s.json]));
    expect(Object.keys(stacks).sort()).toEqual(["demo-split", "demo-split-team-a", "demo-split-team-b"]);
    for (const [name, json] of Object.entries<any>(stacks)) {
      expect(json.terraform.backend).toEqual({
        s3: { bucket: "example-terraform-state", key: `ecs/demo-split/${name}.tfstate`, region: "eu-west-1", encrypt: true, use_lockfile: true },
      });
    }
    expect(stacks["demo-split-team-a"].data.terraform_remote_state["cross-stack-reference-input-demo-split"]).toEqual(
      expect.objectContaining({
        backend: "s3",
        config: expect.objectContaining({ bucket: "example-terraform-state", key: "ecs/demo-split/demo-split.tfstate", region: "eu-west-1" }),
      }),
    );
  });

  test("passes a DynamoDB lock table and KMS key through, and leaves use_lockfile out when turned off", () => {
    const [stack] = synthToDisk(
      configFrom(
        minimalYaml(`backend:
  s3:
    bucket: my-state
    region: us-east-1
    useLockfile: false
    dynamodbTable: tf-locks
    kmsKeyId: alias/terraform
`),
      ),
    );
    expect(stack.json.terraform.backend.s3).toEqual({
      bucket: "my-state",
      key: "demo.tfstate",
      region: "us-east-1",
      encrypt: true,
      dynamodb_table: "tf-locks",
      kms_key_id: "alias/terraform",
    });
  });
});
