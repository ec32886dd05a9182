/**
 * Name helpers shared by the constructs: AWS name limits, applied the same way everywhere.
 */

/** Shortens a generated name prefix to fit an AWS limit, keeping it free of a trailing dash. */
export function fitPrefix(prefix: string, maxLength: number): string {
  return prefix.length <= maxLength ? prefix : prefix.slice(0, maxLength).replace(/-+$/, "");
}
