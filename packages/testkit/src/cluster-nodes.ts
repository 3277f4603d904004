export interface ClusterNode {
  id: string;
  port: number;
  flags: string[];
  /** The master's node id, for a replica. */
  masterId: string | null;
  slots: [number, number][];
}

function slotRange(entry: string): [number, number] {
  const [from = "", to = from] = entry.split("-");
  return [Number(from), Number(to)];
}

/**
 * One node's view of the cluster, from `CLUSTER NODES`: a line per node,
 * `<id> <ip:port@bus[,hostname]> <flags> <master|-> <ping> <pong> <epoch> <link> <slot>...`.
 * Slots being imported or migrated (`[...]`) are left out.
 */
export function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id = "", address = "", flags = "", master = "-", , , , , ...slots] = line.split(" ");
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1] ?? 0),
        flags: flags.split(","),
        masterId: master === "-" ? null : master,
        slots: slots.filter((s) => !s.startsWith("[")).map(slotRange),
      };
    });
}

/** A master that serves slots and that this view does not suspect (`fail?`) or know (`fail`) to be down. */
export function isServingMaster(node: ClusterNode): boolean {
  return (
    node.flags.includes("master") &&
    !node.flags.includes("fail") &&
    !node.flags.includes("fail?") &&
    node.slots.length > 0
  );
}

export function servesSlot(node: ClusterNode, slot: number): boolean {
  return node.slots.some(([from, to]) => slot >= from && slot <= to);
}

/** A field of `CLUSTER INFO` or `INFO` (`name:value` lines). */
export function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(\\S+)`, "m").exec(info)?.[1];
}
