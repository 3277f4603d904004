/** The error codes of the API, each with its one HTTP status. */
const errorStatus = {
  validation_error: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  limit_exceeded: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  // A feature the operator has not configured (the message names the setting); retrying will not help.
  not_configured: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorStatus[code];
  }

  static notFound(what: string): AppError {
    return new AppError("not_found", `${what} not found`);
  }
}
