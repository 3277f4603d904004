import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { clientTypesSource } from "../src/openapi/client-types.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../packages/client/src/openapi.ts");

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("client-types");
});
afterAll(() => t.close());

it("packages/client's types are generated from the document the API serves (else: run npm run generate:client)", async () => {
  const served = await request(t.app).get("/openapi.json");
  expect(served.status).toBe(200);
  const expected = await clientTypesSource(served.body);
  const actual = await readFile(committed, "utf8");
  // A readable failure: the first line that differs, and what to do about it.
  if (actual !== expected) {
    const a = actual.split("\n");
    const e = expected.split("\n");
    const line = e.findIndex((l, i) => l !== a[i]);
    throw new Error(
      `packages/client/src/openapi.ts is stale at line ${line + 1} ` +
        `(committed ${JSON.stringify(a[line])}, served ${JSON.stringify(e[line])}): run npm run generate:client`,
    );
  }
  expect(actual).toBe(expected);
});
