import type { SpanContext } from "@opentelemetry/api";

/** The W3C Trace Context `traceparent` of a span (version 00): what a job carries and a receiver is sent. */
export function traceparentOf({ traceId, spanId, traceFlags }: SpanContext): string {
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}
