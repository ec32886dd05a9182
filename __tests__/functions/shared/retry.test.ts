import { backoffMs, isTransient, withRetry } from "../../../functions/shared/retry";

const error = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, $metadata: {}, ...extra });

describe("retry", () => {
  test.each(["ThrottlingException", "Throttling", "TooManyRequestsException", "ServerException", "ServiceUnavailable", "TimeoutError"])("%s is transient", (name) => {
    expect(isTransient(error(name))).toBe(true);
  });

  test("5xx answers are transient; validation, access and client errors are not", () => {
    expect(isTransient(error("Whatever", { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    for (const name of ["ValidationError", "AccessDeniedException", "ClientException", "InvalidParameterException"]) expect(isTransient(error(name))).toBe(false);
  });

  test("backs off exponentially with full jitter, capped", () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 200, 5000, () => 1))).toEqual([200, 400, 800, 1600, 5000]);
    expect(backoffMs(3, 200, 5000, () => 0.5)).toBe(400);
  });

  test("retries transient errors up to the attempt limit, never the others", async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const throttled = withRetry(
        async () => {
          calls++;
          throw error("ThrottlingException");
        },
        { attempts: 4 },
      );
      const settled = throttled.catch((e: Error) => e);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(((await settled) as Error).name).toBe("ThrottlingException");
      expect(calls).toBe(4);

      calls = 0;
      await expect(withRetry(async () => (calls++, Promise.reject(error("ValidationError"))))).rejects.toThrow("ValidationError");
      expect(calls).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
