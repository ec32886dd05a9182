/**
 * Retries AWS calls that failed for a reason that may pass: throttling, server-side errors,
 * network trouble. The SDK clients here are created with `maxAttempts: 1`, so this is the only
 * retry layer inside the function and its behaviour is what the tests pin. When the attempts run
 * out, the error propagates, the invocation fails and the SQS queue delivers the message again.
 */

/** Error names AWS services use for throttling and transient server trouble. */
const TRANSIENT_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "Throttled",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "ServerException",
  "InternalFailure",
  "InternalError",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
]);

interface AwsErrorLike {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True for throttling, 5xx and network errors; false for everything the caller must handle. */
export function isTransient(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as AwsErrorLike;
  if (e.$retryable) return true;
  if (TRANSIENT_NAMES.has(e.name ?? "") || TRANSIENT_NAMES.has(e.code ?? "")) return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === "server" || (typeof status === "number" && (status >= 500 || status === 429));
}

export interface RetryOptions {
  /** Calls in total, the first included. @default 6 */
  readonly attempts?: number;
  /** First backoff; doubles each time. @default 200 */
  readonly baseDelayMs?: number;
  /** Longest single backoff. @default 5000 */
  readonly maxDelayMs?: number;
  /** Called before each backoff (for logs). */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  // "Full jitter": https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.max(1, Math.round(ceiling * random()));
}

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      const delay = backoffMs(attempt, base, max);
      options.onRetry?.(err, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
