import { toAppError } from "./to-app-error.ts";

describe("toAppError", () => {
  // What pg and Prisma's adapter throw while Postgres is restarting: each is a 503, never a 500.
  it.each([
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    [
      "terminated by the server",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ],
    [
      "a pooled client broken mid-transaction",
      new Error("Client has encountered a connection error and is not queryable"),
    ],
    [
      "Prisma's wrapped admin shutdown",
      Object.assign(
        new Error(
          "Invalid `tx.event.create()` invocation\nDatabase error. Code: `57P01`. Message: `terminating connection due to administrator command`",
        ),
        { code: "P2010" },
      ),
    ],
    [
      "Prisma's wrapped start-up",
      new Error(
        "Invalid `db.apiKey.findUnique()` invocation\nDatabase error. Code: `57P03`. Message: `the database system is starting up`",
      ),
    ],
    [
      "Prisma's unreachable server",
      new Error("Invalid `db.event.findFirst()` invocation\nCan't reach database server at 127.0.0.1:5432"),
    ],
    ["the connection ending", new Error("Connection terminated unexpectedly")],
    ["wrapped in a cause", new Error("query failed", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) })],
  ])("maps %s to 503 service_unavailable", (_name, err) => {
    expect(toAppError(err)).toMatchObject({ code: "service_unavailable", status: 503 });
  });

  it("keeps a programming error a 500", () => {
    expect(toAppError(new TypeError("x is undefined"))).toMatchObject({ code: "internal_error", status: 500 });
  });
});
