/**
 * The one envelope every handler here receives: an EventBridge event (AWS's own shape from
 * `@types/aws-lambda`), delivered through an SQS queue. The queue (not Lambda's asynchronous
 * retries) decides re-delivery: a failed invocation makes the message visible again after the
 * queue's visibility timeout, and after `maxReceiveCount` failures SQS moves it to the
 * dead-letter queue.
 */
import type { EventBridgeEvent, SQSEvent, SQSRecord } from "aws-lambda";

export type { SQSEvent, SQSRecord };

/** An EventBridge event of one detail type. */
export type Envelope<TDetailType extends string, TDetail> = EventBridgeEvent<TDetailType, TDetail>;

/** Parses an SQS record body as JSON; undefined when it is not a JSON object. */
export function parseBody(record: Pick<SQSRecord, "body">): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(record.body);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** How many times SQS has delivered this record (1 on the first delivery). */
export function receiveCount(record: Pick<SQSRecord, "attributes">): number {
  const n = Number(record.attributes?.ApproximateReceiveCount);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
