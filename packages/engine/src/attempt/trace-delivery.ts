import type { Span } from "@opentelemetry/api";
import type { SendInput, SendResult } from "@herald/delivery";
import { type Telemetry, traceparentOf } from "@herald/telemetry";

/** What traceJob needs of a BullMQ job. */
interface TracedJob {
  id?: string;
  queueName: string;
  data: { deliveryId?: unknown; traceparent?: unknown };
}

/**
 * Runs one job inside a consumer span whose parent is the publish request's
 * context carried in the job data, so every run of the job (each retry too)
 * joins the publish's trace; a job without one (rebuilt by the sweeper,
 * enqueued by a manual retry) starts a trace of its own.
 */
export async function traceJob<T extends string>(
  telemetry: Telemetry,
  job: TracedJob,
  run: () => Promise<T>,
): Promise<T> {
  const { api, tracer } = telemetry;
  const parent = telemetry.contextOf({
    traceparent: typeof job.data.traceparent === "string" ? job.data.traceparent : undefined,
  });
  const span = tracer.startSpan(
    `process ${job.queueName}`,
    {
      kind: api.SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "bullmq",
        "messaging.operation.type": "process",
        "messaging.destination.name": job.queueName,
        ...(job.id ? { "messaging.message.id": job.id } : {}),
        ...(typeof job.data.deliveryId === "string" ? { "herald.delivery.id": job.data.deliveryId } : {}),
      },
    },
    parent,
  );
  try {
    const result = await api.context.with(api.trace.setSpan(parent, span), run);
    span.setAttribute("herald.job.result", result);
    return result;
  } catch (err) {
    // A DelayedError is the job waiting for its next attempt (or its endpoint), not a failure.
    if ((err as Error).name === "DelayedError") span.setAttribute("herald.job.result", "delayed");
    else failed(telemetry, span, (err as Error).message);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * One step of a job (loading the delivery, its endpoint's admission, recording
 * the attempt) as an internal span, a child of the job's span beside the
 * attempt's: a trace then shows where a delivery's time went, stage by stage.
 */
export function traceStep<T>(telemetry: Telemetry | undefined, name: string, run: () => Promise<T>): Promise<T> {
  return telemetry ? inSpan(telemetry, name, run) : run();
}

async function inSpan<T>(telemetry: Telemetry, name: string, run: () => Promise<T>): Promise<T> {
  const span = telemetry.tracer.startSpan(name, { kind: telemetry.api.SpanKind.INTERNAL });
  try {
    return await run();
  } catch (err) {
    failed(telemetry, span, (err as Error).message);
    throw err;
  } finally {
    span.end();
  }
}

function failed({ api }: Telemetry, span: Span, message: string | undefined): void {
  span.setStatus({ code: api.SpanStatusCode.ERROR, message });
}

/** The endpoint as a span may show it: no user info, no query string or fragment (they may carry secrets). */
function targetOf(url: string): { host: string; port: number; full: string } | null {
  try {
    const u = new URL(url);
    return {
      host: u.hostname.replace(/^\[|\]$/g, ""),
      port: Number(u.port) || (u.protocol === "https:" ? 443 : 80),
      full: `${u.protocol}//${u.host}${u.pathname}`,
    };
  } catch {
    return null;
  }
}

/** `error.type` of a failed attempt: the status code, else the error's code (ECONNREFUSED, timeout, ...). */
function errorTypeOf(result: SendResult): string {
  if (result.statusCode !== null) return String(result.statusCode);
  return /^[\w-]+(?=:)/.exec(result.error ?? "")?.[0] ?? "_OTHER";
}

/**
 * One delivery attempt as an HTTP client span (child of the job's span),
 * named and attributed per the OpenTelemetry HTTP conventions, with the
 * attempt number. With `propagate` (HERALD_PROPAGATE_TRACE) the receiver is
 * sent this span's `traceparent`.
 */
export async function traceAttempt(
  telemetry: Telemetry,
  { input, propagate, send }: { input: SendInput; propagate: boolean; send: (input: SendInput) => Promise<SendResult> },
): Promise<SendResult> {
  const target = targetOf(input.url);
  const span = telemetry.tracer.startSpan("POST", {
    kind: telemetry.api.SpanKind.CLIENT,
    attributes: {
      "http.request.method": "POST",
      ...(target ? { "server.address": target.host, "server.port": target.port, "url.full": target.full } : {}),
      ...(input.attempt > 1 ? { "http.request.resend_count": input.attempt - 1 } : {}),
      "herald.attempt": input.attempt,
      "herald.delivery.id": input.messageId,
    },
  });
  try {
    const result = await send(propagate ? { ...input, traceparent: traceparentOf(span.spanContext()) } : input);
    if (result.statusCode !== null) span.setAttribute("http.response.status_code", result.statusCode);
    if (!result.ok) {
      span.setAttribute("error.type", errorTypeOf(result));
      failed(telemetry, span, result.error ?? undefined);
    }
    return result;
  } finally {
    span.end();
  }
}
