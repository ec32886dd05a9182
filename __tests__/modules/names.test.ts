import { fitPrefix } from "../../modules/names";

describe("fitPrefix", () => {
  test("keeps a prefix that fits, even one ending in a dash", () => {
    expect(fitPrefix("demo", 4)).toBe("demo");
    expect(fitPrefix("demo-", 10)).toBe("demo-");
  });

  test("cuts a longer prefix to the limit", () => {
    expect(fitPrefix("abcdefgh", 5)).toBe("abcde");
  });

  // Names AWS refuses with a trailing hyphen (an ALB name, config/validate/aws-names.ts) and names a
  // suffix follows with its own dash ("<prefix>-task-alert") must not end in one.
  test("drops the dashes a cut leaves at the end", () => {
    expect(fitPrefix("demo--web", 6)).toBe("demo");
    expect(fitPrefix("demo-web", 5)).toBe("demo");
  });
});
