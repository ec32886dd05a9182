/**
 * The review report against `terraform plan` of the real hashicorp/aws provider, offline, for the
 * scaling example: service auto scaling, the drain hook and instance refresh settings.
 */
import { once, realPlanSuite } from "../../helpers/real-plan-suite";

realPlanSuite("configs/examples/scaling.yaml", [
  {
    name: "instance refresh settings alone (no host is replaced)",
    edit: (y) => once(y, "minHealthyPercent: 50", "minHealthyPercent: 60"),
    expect: { "aws_autoscaling_group.capacity_group": "update" },
  },
  {
    name: "service auto scaling maximum",
    edit: (y) => once(y, "maxCapacity: 20", "maxCapacity: 30"),
  },
  {
    name: "target tracking CPU target",
    edit: (y) => once(y, "cpuPercent: 60", "cpuPercent: 70"),
  },
  {
    name: "bigger Docker volume on hosts with a drain hook and slower refresh",
    edit: (y) => once(y, "  instanceType: m6i.large\n", "  instanceType: m6i.large\n  dockerVolume:\n    sizeGiB: 80\n"),
    followOn: ["aws_autoscaling_group.capacity_group: every host is replaced by an instance refresh (Rolling, min healthy 50%, max healthy 150%, warm-up 180 s"],
  },
]);
