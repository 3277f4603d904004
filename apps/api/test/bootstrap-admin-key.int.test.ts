import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import request from "supertest";
import { createApp } from "../src/app.ts";
import { ensureAdminKey } from "../src/bootstrap-admin-key.ts";
import { memoryLogger } from "./helpers/memory-logger.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("bootstrap");
});
afterAll(() => t.close());

describe("admin key bootstrap", () => {
  it("without HERALD_ADMIN_KEY: generates a key once, prints it once, stores only its hash", async () => {
    const first = memoryLogger();
    const key = await ensureAdminKey({ db: t.deps.db, logger: first.logger });
    expect(key).toMatch(/^hk_/);
    expect(first.lines.filter((l) => l.includes(key!))).toHaveLength(1);
    const rows = await t.deps.db.apiKey.findMany({ where: { role: "admin" } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);

    // The generated key works as an admin key, even with no HERALD_ADMIN_KEY.
    const app = createApp({ ...t.deps, config: { ...t.deps.config, adminKey: undefined } });
    expect((await request(app).get("/api/v1/tenants").set("authorization", `Bearer ${key}`)).status).toBe(200);

    const second = memoryLogger();
    expect(await ensureAdminKey({ db: t.deps.db, logger: second.logger })).toBeNull();
    expect(second.lines.join("")).not.toContain(key);
    expect(await t.deps.db.apiKey.count({ where: { role: "admin" } })).toBe(1);
  });

  it("two processes starting together generate one key", async () => {
    const db: TestDatabase = await createTestDatabase("bootstrap-race");
    try {
      const { logger } = memoryLogger();
      const keys = await Promise.all([ensureAdminKey({ db: db.db, logger }), ensureAdminKey({ db: db.db, logger })]);
      expect(keys.filter(Boolean)).toHaveLength(1);
      expect(await db.db.apiKey.count()).toBe(1);
    } finally {
      await db.drop();
    }
  });

  it("with HERALD_ADMIN_KEY: creates nothing and prints nothing secret", async () => {
    const db = await createTestDatabase("bootstrap-env");
    try {
      const captured = memoryLogger();
      expect(
        await ensureAdminKey({ db: db.db, logger: captured.logger, adminKey: "configured-admin-key-123456" }),
      ).toBeNull();
      expect(await db.db.apiKey.count()).toBe(0);
      expect(captured.lines.join("")).not.toContain("configured-admin-key-123456");
    } finally {
      await db.drop();
    }
  });
});
