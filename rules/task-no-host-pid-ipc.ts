import { violations } from "./attributes";
import type { Rule } from "./types";

/** Tasks do not share the host's process or IPC namespace. */
export const taskNoHostPidIpc: Rule = {
  id: "ECS-EC2-TASK-NO-HOST-PID-IPC",
  level: "error",
  appliesTo: ["aws_ecs_task_definition"],
  message: "Task definition shares the host's process or IPC namespace",
  explanation:
    'With pid_mode = "host" containers see and can signal every process on the instance (including the ECS ' +
    'agent and other tasks); ipc_mode = "host" exposes shared memory of other processes. AWS FSBP ECS.3 (ECS task ' +
    "definitions should not share the host's process namespace).",
  check(resource) {
    const a = resource.attributes;
    const problems: string[] = [];
    if (typeof a.pid_mode === "string" && a.pid_mode.toLowerCase() === "host") problems.push('pid_mode is "host"');
    if (typeof a.ipc_mode === "string" && a.ipc_mode.toLowerCase() === "host") problems.push('ipc_mode is "host"');
    return violations(problems);
  },
};
