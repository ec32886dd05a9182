/**
 * Schedule expressions of EventBridge Scheduler (tasks[].schedule) and of Application Auto
 * Scaling scheduled actions (services[].autoScaling.scheduled[].schedule), which share the format:
 *
 * - `cron(minutes hours day-of-month month day-of-week year)`: six fields; `?` in exactly one of
 *   day-of-month and day-of-week ("If you specify a value or a * in one of the fields, you must use
 *   a ? in the other"); minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC,
 *   day-of-week 1-7 or SUN-SAT, year 1970-2199.
 * - `rate(value unit)`: a positive whole number, unit minute(s), hour(s) or day(s); singular for 1,
 *   plural above ("rate(1 hours) and rate(5 hour) are not valid").
 * - `at(yyyy-mm-ddThh:mm:ss)`: one date and time that exists.
 *
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Wildcards beyond `, - *` the field takes. */
  readonly extra: string;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, extra: "/" },
  { name: "hours", min: 0, max: 23, extra: "/" },
  { name: "day-of-month", min: 1, max: 31, extra: "/?LW" },
  { name: "month", min: 1, max: 12, names: MONTHS, extra: "/" },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, extra: "?L#" },
  { name: "year", min: 1970, max: 2199, extra: "/" },
];

/** A single value of a field (number or name) within its range. */
function valueOk(text: string, field: CronField): boolean {
  if (/^\d+$/.test(text)) return Number(text) >= field.min && Number(text) <= field.max;
  return field.names?.includes(text.toUpperCase()) ?? false;
}

/** Problem with one comma-separated item of a field; undefined when fine. */
function itemProblem(item: string, field: CronField): string | undefined {
  const bad = `${JSON.stringify(item)} in the ${field.name} field`;
  const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}`;
  if (item === "*") return undefined;
  if (field.name === "day-of-month" && /^(L|LW|\d{1,2}W)$/.test(item)) {
    return item.endsWith("W") && item !== "LW" && !valueOk(item.slice(0, -1), field) ? `${bad}: the day must be ${range}` : undefined;
  }
  if (field.name === "day-of-week") {
    const nth = /^([^#]+)#(\d+)$/.exec(item);
    if (nth) return valueOk(nth[1], field) && Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? undefined : `${bad}: use <day>#<1-5>, like 3#2`;
    if (item === "L") return undefined;
    const last = /^(.+)L$/.exec(item);
    if (last) return valueOk(last[1], field) ? undefined : `${bad}: use <day>L, like 6L`;
  }
  const step = /^(.+)\/(\d+)$/.exec(item);
  let base = item;
  if (step) {
    if (!field.extra.includes("/")) return `${bad}: the ${field.name} field takes no / increments`;
    if (Number(step[2]) < 1) return `${bad}: the increment must be at least 1`;
    base = step[1];
    if (base === "*") return undefined;
  }
  const parts = base.split("-");
  if (parts.length > 2 || !parts.every((p) => valueOk(p, field))) return `${bad}: values must be ${range}`;
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return `a cron() expression with 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return "a cron() expression with ? in exactly one of day-of-month and day-of-week, like cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)";
  }
  for (let i = 0; i < 6; i++) {
    const field = FIELDS[i];
    const text = fields[i];
    if (text === "?") continue;
    const items = text.split(",");
    if (field.name === "day-of-week" && items.length > 1 && text.includes("#"))
      return `a cron() expression: a day-of-week with # holds one expression only, not ${JSON.stringify(text)}`;
    for (const item of items) {
      const problem = itemProblem(item, field);
      if (problem) return `a cron() expression: ${problem}`;
    }
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return "a rate() expression like rate(1 hour) or rate(5 minutes): a whole number and minute(s), hour(s) or day(s)";
  const value = Number(m[1]);
  const unit = m[2].replace(/s$/, "");
  if (value < 1) return "a rate() expression with a value of at least 1";
  if (value === 1 && m[2].endsWith("s")) return `a rate() expression with a singular unit for 1, like rate(1 ${unit})`;
  if (value > 1 && !m[2].endsWith("s")) return `a rate() expression with a plural unit for ${value}, like rate(${value} ${unit}s)`;
  return undefined;
}

function atProblem(body: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  const allowed = "an at() expression with a date and time that exists, like at(2030-01-31T09:00:00)";
  if (!m) return allowed;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exists =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return exists ? undefined : allowed;
}

/** Problem with a schedule expression, as the "allowed" phrase; undefined when AWS accepts it. */
export function scheduleExpression(value: string): string | undefined {
  const m = /^(cron|rate|at)\((.*)\)$/.exec(value);
  if (!m) return "a schedule expression: cron(...), rate(...) or at(...)";
  if (m[1] === "cron") return cronProblem(m[2]);
  if (m[1] === "rate") return rateProblem(m[2]);
  return atProblem(m[2]);
}
