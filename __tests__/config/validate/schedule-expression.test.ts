import { scheduleExpression } from "../../../config/validate/schedule-expression";

// Schedule expressions: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
// Field ranges, the ? rule and singular/plural rate units:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
describe("scheduleExpression", () => {
  test.each([
    "cron(0 8 ? * MON-FRI *)",
    "cron(0 3 * * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(0 18 L * ? *)",
    "cron(0 8 ? * 6L 2030-2032)",
    "cron(0 9 ? * 3#2 *)",
    "cron(30 6 15W JAN,JUL ? *)",
    "cron(0 12 1-15 * ? */2)",
    "rate(1 hour)",
    "rate(5 minutes)",
    "rate(2 days)",
    "at(2030-02-28T09:00:00)",
    "at(2032-02-29T23:59:59)",
  ])("accepts %s", (value) => expect(scheduleExpression(value)).toBeUndefined());

  test("cron() has six fields", () => {
    expect(scheduleExpression("cron(0 8 * * ?)")).toBe("a cron() expression with 6 fields (minutes hours day-of-month month day-of-week year), not 5");
  });

  test("cron() takes ? in exactly one of day-of-month and day-of-week", () => {
    const allowed = "a cron() expression with ? in exactly one of day-of-month and day-of-week, like cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)";
    expect(scheduleExpression("cron(0 8 * * MON-FRI *)")).toBe(allowed);
    expect(scheduleExpression("cron(0 8 ? * ? *)")).toBe(allowed);
  });

  test("cron() fields stay in their ranges", () => {
    expect(scheduleExpression("cron(60 8 * * ? *)")).toBe('a cron() expression: "60" in the minutes field: values must be 0-59');
    expect(scheduleExpression("cron(0 24 * * ? *)")).toBe('a cron() expression: "24" in the hours field: values must be 0-23');
    expect(scheduleExpression("cron(0 8 32 * ? *)")).toBe('a cron() expression: "32" in the day-of-month field: values must be 1-31');
    expect(scheduleExpression("cron(0 8 ? 13 MON *)")).toBe('a cron() expression: "13" in the month field: values must be 1-12 or JAN-DEC');
    expect(scheduleExpression("cron(0 8 ? * 8 *)")).toBe('a cron() expression: "8" in the day-of-week field: values must be 1-7 or SUN-SAT');
    expect(scheduleExpression("cron(0 8 * * ? 1969)")).toBe('a cron() expression: "1969" in the year field: values must be 1970-2199');
    expect(scheduleExpression("cron(0 8 ? * MON/2 *)")).toBe('a cron() expression: "MON/2" in the day-of-week field: the day-of-week field takes no / increments');
    expect(scheduleExpression("cron(0 8 ? * 3#2,5 *)")).toBe('a cron() expression: a day-of-week with # holds one expression only, not "3#2,5"');
  });

  test("rate() is singular for 1 and plural above", () => {
    expect(scheduleExpression("rate(1 hours)")).toBe("a rate() expression with a singular unit for 1, like rate(1 hour)");
    expect(scheduleExpression("rate(5 minute)")).toBe("a rate() expression with a plural unit for 5, like rate(5 minutes)");
    expect(scheduleExpression("rate(0 minutes)")).toBe("a rate() expression with a value of at least 1");
    expect(scheduleExpression("rate(1 week)")).toBe("a rate() expression like rate(1 hour) or rate(5 minutes): a whole number and minute(s), hour(s) or day(s)");
  });

  test("at() names a date and time that exists", () => {
    const allowed = "an at() expression with a date and time that exists, like at(2030-01-31T09:00:00)";
    expect(scheduleExpression("at(2030-02-30T09:00:00)")).toBe(allowed);
    expect(scheduleExpression("at(2030-01-01T24:00:00)")).toBe(allowed);
    expect(scheduleExpression("at(2030-01-01 09:00:00)")).toBe(allowed);
  });
});
