import type { Request } from "express";
import type { z } from "zod";
import { AppError } from "../lib/app-error.ts";
import { zodDetails } from "../lib/zod-details.ts";

type Part = "body" | "query" | "params";

/**
 * Parses one part of the request with a zod schema; failures become a 400
 * naming each bad field (`body.url: ...`).
 */
export function parse<S extends z.ZodType>(schema: S, req: Request, part: Part): z.infer<S> {
  const input = part === "body" ? (req.body ?? {}) : req[part];
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = zodDetails(result.error);
  const first = details[0]?.message ?? "invalid input";
  throw new AppError("validation_error", `invalid ${part}: ${first}`, details);
}
