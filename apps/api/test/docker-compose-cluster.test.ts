import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const redisNodes = ["redis-1", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6"];

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  container_name?: string;
  ports?: string[];
}

// No Docker engine runs here, so this checks what can be checked: the file
// parses (with the merge keys compose understands) and wires the cluster.
async function services(): Promise<Record<string, Service>> {
  const doc = parse(await readFile(path.join(root, "docker-compose.cluster.yml"), "utf8"), { merge: true });
  return doc.services;
}

describe("docker-compose.cluster.yml", () => {
  it("runs six cluster-enabled redis nodes that announce their service names", async () => {
    const all = await services();
    expect(Object.keys(all).filter((name) => /^redis-\d+$/.test(name))).toEqual(redisNodes);
    for (const name of redisNodes) {
      const { image, command = [] } = all[name]!;
      expect(image).toBe("redis:7");
      const arg = (flag: string) => command[command.indexOf(flag) + 1];
      expect(arg("--cluster-enabled")).toBe("yes");
      expect(arg("--appendonly")).toBe("yes");
      expect(arg("--cluster-announce-hostname")).toBe(name);
      expect(arg("--cluster-preferred-endpoint-type")).toBe("hostname");
    }
  });

  it("creates the cluster once every node is up, with one replica per master", async () => {
    const init = (await services())["redis-cluster-init"]!;
    expect(Object.keys(init.depends_on ?? {}).sort()).toEqual(redisNodes);
    const script = (init.command ?? []).join(" ");
    expect(script).toContain(
      `redis-cli --cluster create ${redisNodes.map((n) => `${n}:6379`).join(" ")} --cluster-replicas 1 --cluster-yes`,
    );
  });

  it("points api and a scalable worker at all six nodes, with no REDIS_URL", async () => {
    const all = await services();
    for (const name of ["api", "worker"]) {
      const { environment = {}, depends_on = {} } = all[name]!;
      expect(environment.REDIS_CLUSTER_NODES?.split(",")).toEqual(redisNodes.map((n) => `${n}:6379`));
      expect(environment.REDIS_URL).toBeUndefined();
      expect(environment.HERALD_QUEUE_PARTITIONS).toBe("8");
      expect(environment.DATABASE_URL).toBe("postgresql://postgres:postgres@postgres:5432/herald");
      expect(depends_on["redis-cluster-init"]).toEqual({ condition: "service_completed_successfully" });
    }
    expect(all.api!.command).toEqual(["npm", "run", "start:api"]);
    expect(all.worker!.command).toEqual(["npm", "run", "start:worker"]);
    // --scale worker=N needs no fixed container name or host port.
    expect(all.worker!.container_name).toBeUndefined();
    expect(all.worker!.ports).toBeUndefined();
    expect(all.postgres!.image).toBe("postgres:15");
  });
});
