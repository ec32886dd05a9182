import { Testing } from "../../framework/cdktf";
import { StandaloneTask } from "../../modules/standalone-task";
import { stack } from "./helpers";

const base = { name: "job", clusterName: "demo", region: "eu-west-1" };

describe("StandaloneTask", () => {
  test("registers a task definition family <cluster>-task-<name>", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => new StandaloneTask(scope, "task", { ...base, containers: [{ name: "job", image: "busybox:1.36", memoryReservation: 32 }] })),
    );
    expect(Object.values<any>(json.resource.aws_ecs_task_definition)[0].family).toBe("demo-task-job");
  });

  test("needs at least one container (checked at synth)", () => {
    expect(new StandaloneTask(stack(), "task", { ...base, containers: [] }).node.validate()).toEqual(["containers of task job is empty; give at least one container"]);
  });
});
