import winston from "winston";

export type Logger = winston.Logger;

/** JSON lines in production, readable lines in development. */
export function createLogger({
  level = "info",
  pretty = false,
  silent = false,
}: {
  level?: string;
  pretty?: boolean;
  silent?: boolean;
} = {}): Logger {
  const format = pretty
    ? winston.format.combine(winston.format.colorize(), winston.format.timestamp(), winston.format.simple())
    : winston.format.combine(winston.format.timestamp(), winston.format.json());
  return winston.createLogger({ level, format, silent, transports: [new winston.transports.Console()] });
}
