/** The fleet report as a text table for people, or as JSON for scripts. */
import { FleetReport } from "./fleet";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const ami = (id: string | undefined, name: string | undefined) => (id ? (name ? `${id} (${name})` : id) : "-");

export function renderText(report: FleetReport): string {
  const lines = [
    `Cluster ${report.clusterName}, group ${report.autoScalingGroupName}, image policy ${report.updatePolicy}`,
    `Recommended AMI (${report.amiParameterName}): ${ami(report.recommendedImageId, report.recommendedImageName)}`,
  ];
  if (report.updatePolicy === "pinned") lines.push(`Pinned AMI (capacity.image.id): ${report.wantedImageId ?? "-"}`);
  if (report.rollout) lines.push(`Last rollout label on the group: ${report.rollout}`);
  lines.push("");
  if (report.hosts.length === 0) {
    lines.push("The group has no hosts.");
    return `${lines.join("\n")}\n`;
  }
  const rows = [["INSTANCE", "AMI", "", "LAUNCHED", "FROM", "STATE", "ECS", "TASKS", "ROLLOUT"]];
  for (const h of report.hosts) {
    rows.push([
      h.instanceId,
      h.imageId ?? "-",
      h.current ? "current" : "OLD",
      h.launchTime?.replace(/\.\d{3}Z$/, "Z") ?? "-",
      h.launchedFrom ?? "-",
      h.lifecycleState ?? "-",
      h.ecsStatus ? `${h.ecsStatus}${h.agentConnected === false ? " (agent disconnected)" : ""}` : "not registered",
      h.runningTasksCount === undefined ? "-" : String(h.runningTasksCount),
      h.rollout ?? "-",
    ]);
  }
  lines.push(table(rows), "");
  const old = report.hosts.filter((h) => !h.current);
  if (old.length === 0) {
    lines.push(`All ${report.hosts.length} hosts run ${report.wantedImageId}.`);
  } else {
    const names = [...new Set(old.map((h) => ami(h.imageId, h.imageName)))].join(", ");
    lines.push(
      `${old.length} of ${report.hosts.length} hosts run another AMI than ${report.updatePolicy === "pinned" ? "the pinned one" : "the recommended one"}: ${names}.`,
      report.updatePolicy === "pinned"
        ? "Change capacity.rollout to replace them with hosts on capacity.image.id (docs/scaling.md, Roll the hosts)."
        : "To move them: change capacity.rollout in the config (docs/scaling.md, Roll the hosts).",
    );
  }
  return `${lines.join("\n")}\n`;
}

export function renderJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
