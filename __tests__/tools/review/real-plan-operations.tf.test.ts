/**
 * The review report against `terraform plan` of the real hashicorp/aws provider, offline, for the
 * operations example: alerts by e-mail, scheduled tasks, agent settings.
 */
import { once, realPlanSuite } from "../../helpers/real-plan-suite";

realPlanSuite("configs/examples/operations.yaml", [
  {
    name: "alert e-mail address changed",
    edit: (y) => once(y, "email: [ops@example.com]", "email: [oncall@example.com]"),
    followOn: ["oncall@example.com must confirm the subscription"],
  },
  {
    name: "scheduled task moved to 4 o'clock",
    edit: (y) => once(y, "cron(0 3 * * ? *)", "cron(0 4 * * ? *)"),
  },
  {
    name: "agent log level",
    edit: (y) => once(y, "logLevel: info", "logLevel: debug"),
    followOn: ["every host is replaced by an instance refresh"],
  },
]);
