import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// No Docker engine runs here, so this checks what can be checked: the file
// parses and wires the four services docs/operations.md promises.
describe("docker-compose.yml", () => {
  it("parses and runs postgres, redis, api and a scalable worker", async () => {
    const doc = parse(await readFile(path.join(root, "docker-compose.yml"), "utf8"));
    expect(Object.keys(doc.services).sort()).toEqual(["api", "postgres", "redis", "worker"]);
    expect(doc.services.api.command).toEqual(["npm", "run", "start:api"]);
    expect(doc.services.worker.command).toEqual(["npm", "run", "start:worker"]);
    // --scale worker=N needs no fixed container name or host port.
    expect(doc.services.worker.container_name).toBeUndefined();
    expect(doc.services.worker.ports).toBeUndefined();
    expect(doc.services.worker.environment.DATABASE_URL).toBe("postgresql://postgres:postgres@postgres:5432/herald");
    expect(doc.services.api.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(doc.services.api.ports).toEqual(["3000:3000"]);
  });

  it("builds from a Dockerfile that exists", async () => {
    const dockerfile = await readFile(path.join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/npm ci/);
  });
});
