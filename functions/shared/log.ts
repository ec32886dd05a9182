/** One JSON line per step, so CloudWatch Logs Insights can filter on fields. */
export type Log = (entry: Record<string, unknown>) => void;

export function jsonLog(fn: string): Log {
  return (entry) => console.log(JSON.stringify({ fn, ...entry }));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
