import type { Link, SpanContext } from "@opentelemetry/api";
import type { CreateOutcome } from "./create-events.ts";
import { type Telemetry, traceparentOf } from "@herald/telemetry";

/** A publish waiting for its batch, with the context of its request's span (tracing on only). */
export interface TracedSubmission {
  trace?: SpanContext;
}

export interface BatchTrace {
  /** Runs the batch's statement inside its database span. */
  write<T>(run: () => Promise<T>): Promise<T>;
  /** Runs the batch's enqueue inside its producer span. */
  enqueue<T>(jobs: number, run: () => Promise<T>): Promise<T>;
  /** What a publish's jobs carry: its request's context, so the worker's spans join the request's trace. */
  traceparentOf(submission: TracedSubmission): string | undefined;
  /** Ends the batch's span, counting the events it committed (OTLP metrics). */
  end(result: { outcomes: readonly CreateOutcome[] } | { error: Error }): void;
}

/** The span context of the request being handled (its server span), to tie a publish to its batch and jobs. */
export function requestSpanContext({ api }: Telemetry): SpanContext | undefined {
  return api.trace.getSpanContext(api.context.active());
}

/**
 * One batch of publishes is one statement serving many requests, so it gets
 * spans of its own, in a trace of its own, linked to every request it
 * serves: a span per request would count one statement many times, and
 * making it a child of one request would misplace the others. Each request's
 * trace goes on without it, from the request to the worker's spans (the
 * jobs carry the request's context).
 */
export function traceBatch(telemetry: Telemetry, submissions: readonly TracedSubmission[]): BatchTrace {
  const { api, tracer } = telemetry;
  const links: Link[] = [];
  for (const s of submissions) if (s.trace) links.push({ context: s.trace });
  // A new trace: the batcher's timer would otherwise make it a child of whichever request came first.
  const batch = tracer.startSpan(
    "publish batch",
    { kind: api.SpanKind.INTERNAL, links, attributes: { "herald.batch.size": submissions.length } },
    api.ROOT_CONTEXT,
  );
  const inBatch = api.trace.setSpan(api.ROOT_CONTEXT, batch);

  async function child<T>(
    name: string,
    options: Parameters<typeof tracer.startSpan>[1],
    run: () => Promise<T>,
  ): Promise<T> {
    const span = tracer.startSpan(name, options, inBatch);
    try {
      return await run();
    } catch (err) {
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  }

  return {
    write: (run) =>
      child(
        "INSERT events",
        {
          kind: api.SpanKind.CLIENT,
          attributes: {
            "db.system.name": "postgresql",
            "db.operation.name": "INSERT",
            "db.collection.name": "events",
            "db.operation.batch.size": submissions.length,
          },
        },
        run,
      ),
    enqueue: (jobs, run) =>
      child(
        "send deliver",
        {
          kind: api.SpanKind.PRODUCER,
          attributes: {
            "messaging.system": "bullmq",
            "messaging.operation.type": "send",
            "messaging.destination.name": "deliver",
            "messaging.batch.message_count": jobs,
          },
        },
        run,
      ),
    traceparentOf: (submission) => (submission.trace ? traceparentOf(submission.trace) : undefined),
    end(result) {
      if ("error" in result) batch.setStatus({ code: api.SpanStatusCode.ERROR, message: result.error.message });
      else {
        const created = result.outcomes.filter((o) => o.kind === "created").length;
        batch.setAttribute("herald.events.created", created);
        for (let i = 0; i < created; i++) telemetry.metrics.eventAccepted();
      }
      batch.end();
    },
  };
}
