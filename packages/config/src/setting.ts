import { z } from "zod";

// Every variable Herald reads is declared once, with `setting(kind, doc)`: its validator (one per kind, below),
// its default, and what docs/configuration.md says about it (`npm run docs:config` renders that file from here).

/** What the configuration reference says about one variable. */
export interface SettingDoc {
  /** The kind of value, with its unit: "milliseconds", "count", "true or false", ... */
  kind: string;
  /** One sentence or two (markdown; links are relative to docs/). */
  description: string;
  /** The default as shown; absent: unset. */
  shownDefault?: string;
  /** Set on a deprecated alias: the variable to set instead. */
  replacedBy?: string;
}

const settingDocs = z.registry<SettingDoc>();

/** A validator and how the reference names it; `aside` says a default the way a reader thinks of it ("5 min"). */
export interface Kind<S extends z.ZodType> {
  schema: S;
  name: string;
  aside?: (value: z.output<S>) => string | undefined;
}

interface Doc {
  description: string;
  /** For an unset value with a meaning (computed, generated): what the reference shows. */
  shownDefault?: string;
  replacedBy?: string;
}

/** A variable with a default. */
export function setting<S extends z.ZodType>(
  kind: Kind<S>,
  doc: Doc & { default: Exclude<z.output<S>, undefined> },
): z.ZodDefault<S>;
/** A variable that may be unset. */
export function setting<S extends z.ZodType>(kind: Kind<S>, doc: Doc): z.ZodOptional<S>;
export function setting<S extends z.ZodType>(kind: Kind<S>, doc: Doc & { default?: z.output<S> }) {
  const { default: fallback, ...rest } = doc;
  const schema = fallback === undefined ? kind.schema.optional() : kind.schema.default(fallback as never);
  const aside = fallback === undefined ? undefined : kind.aside?.(fallback);
  const shown = fallback === undefined ? undefined : `\`${String(fallback)}\`` + (aside ? ` (${aside})` : "");
  return schema.register(settingDocs, { kind: kind.name, ...rest, shownDefault: rest.shownDefault ?? shown });
}

const wholeNumber = () => z.coerce.number({ message: "must be a number" }).int("must be a whole number");

/** The largest unit that divides `value` exactly, e.g. 900000 ms → "15 min"; none below the smallest. */
const inUnits = (units: [number, string][]) => (value: number) => {
  const unit = units.find(([size]) => value >= size && value % size === 0);
  return unit && `${value / unit[0]} ${unit[1]}`;
};

/** A whole number of `name` (a unit), at least 1. */
const positive = (name: string, aside?: (value: number) => string | undefined): Kind<z.ZodCoercedNumber> => ({
  schema: wholeNumber().positive("must be positive"),
  name,
  aside,
});

export const durationMs = positive(
  "milliseconds",
  inUnits([
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1_000, "s"],
  ]),
);

export const days = positive("days");

export const bytes = positive(
  "bytes",
  inUnits([
    [1_048_576, "MiB"],
    [1024, "KiB"],
  ]),
);

/** A whole number of things; `range` bounds it, else it is at least 1. */
export const count = (range?: { min: number; max: number }): Kind<z.ZodCoercedNumber> =>
  range
    ? {
        schema: wholeNumber()
          .min(range.min, `must be at least ${range.min}`)
          .max(range.max, `must be at most ${range.max}`),
        name: `count, ${range.min} to ${range.max}`,
      }
    : positive("count");

export const port: Kind<z.ZodCoercedNumber> = {
  schema: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a port number")
    .min(0, "must be a port number")
    .max(65535, "must be a port number"),
  name: "port",
};

/** A number from 0 to 1. */
export const ratio: Kind<z.ZodCoercedNumber> = {
  schema: z.coerce
    .number({ message: "must be a number" })
    .min(0, "must be between 0 and 1")
    .max(1, "must be between 0 and 1"),
  name: "ratio, 0 to 1",
};

export const flag = {
  schema: z
    .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
    .transform((v) => v === "true" || v === "1" || v === "yes"),
  name: "true or false",
} satisfies Kind<z.ZodType<boolean, string>>;

export const oneOf = <const T extends readonly [string, ...string[]]>(
  values: T,
): Kind<z.ZodEnum<{ [K in T[number]]: K }>> => ({
  schema: z.enum(values, { message: `must be one of ${values.join(", ")}` }),
  name: `one of ${values.map((v) => `\`${v}\``).join(", ")}`,
});

/** "an http", "a redis": a scheme with no vowel is read letter by letter. */
const article = (scheme: string) =>
  (/[aeiou]/.test(scheme) ? /^[aeiou]/.test(scheme) : /^[aefhilmnorsx]/.test(scheme)) ? "an" : "a";

/** A URL whose protocol is one of `protocols` (`["redis:", "rediss:"]`). */
export const url = (protocols: string[]): Kind<z.ZodString> => {
  const schemes = protocols.map((p) => p.replace(":", "://")).join(" or ");
  return {
    schema: z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
      message: `must be ${article(protocols[0]!)} ${schemes} URL`,
    }),
    name: `${schemes} URL`,
  };
};

/** Free text: a name, a host, a password. A value not matching `pattern` or shorter than `minLength` gets `message`. */
export const text = ({
  pattern,
  minLength,
  message = "",
  name = "text",
}: {
  pattern?: RegExp;
  minLength?: number;
  message?: string;
  name?: string;
} = {}): Kind<z.ZodString> => {
  let schema = z.string();
  if (minLength) schema = schema.min(minLength, message);
  if (pattern) schema = schema.regex(pattern, message);
  return { schema, name };
};

export interface HostPort {
  host: string;
  port: number;
}

/** `host:port,host:port,...` (IPv6 hosts in brackets), for Redis Cluster seed nodes and Sentinels alike. */
export const hostPorts = (example: string) => ({
  schema: z.string().transform((value, ctx) => {
    const nodes = value.split(",").map((part) => {
      const match = /^\s*([^\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(part);
      const port = Number(match?.[2]);
      return match && port > 0 && port < 65536 ? { host: match[1]!.replace(/^\[|\]$/g, ""), port } : null;
    });
    if (nodes.some((n) => n === null)) {
      ctx.addIssue({ code: "custom", message: `must be host:port pairs separated by commas, e.g. ${example}` });
      return z.NEVER;
    }
    return nodes as HostPort[];
  }),
  name: "host:port list",
});

/** The variables a schema reads, in declaration order, with their docs (a transform's input object is looked into). */
export function declaredSettings(schema: z.ZodType): { name: string; doc?: SettingDoc }[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodPipe) inner = inner.in as z.ZodType;
  if (!(inner instanceof z.ZodObject)) throw new Error("an env schema is an object of variables (maybe transformed)");
  return Object.entries(inner.shape as Record<string, z.ZodType>).map(([name, s]) => ({
    name,
    doc: settingDocs.get(s),
  }));
}

/** One line for each deprecated variable `env` sets, naming what to set instead. */
export function deprecationWarnings(schema: z.ZodType, env: Record<string, string | undefined>): string[] {
  return declaredSettings(schema)
    .filter(({ name, doc }) => doc?.replacedBy && env[name])
    .map(({ name, doc }) => `${name} is deprecated: set ${doc!.replacedBy} instead`);
}
