/**
 * The `moved` blocks of a renamed service, under the real Terraform CLI: init + validate accept them.
 */
import { configFrom, minimalYaml, removeSynthFolders, synthToDisk } from "../helpers/synth";
import { assertTerraformInstalled, initAndValidate } from "../helpers/terraform";

afterAll(removeSynthFolders);

function service(name: string, priority: number): string {
  return `  - name: ${name}
    containers: [{ name: app, image: nginx, memoryReservation: 64, portMappings: [{ containerPort: 80 }] }]
    loadBalancer: { name: public, priority: ${priority}, pathPatterns: ["/${name}/*"] }
`;
}

const renamed = minimalYaml(`loadBalancers:\n  - name: public\nservices:\n${service("a", 10)}${service("new-b", 20)}moved:\n  - from: services.b\n    to: services.new-b\n`);

test("terraform validate accepts the moved blocks", () => {
  assertTerraformInstalled();
  const [stack] = synthToDisk(configFrom(renamed));
  expect(stack.json.moved.length).toBeGreaterThan(0);
  expect(initAndValidate(stack.dir)).toContain("The configuration is valid");
});
