import { infoField, isServingMaster, parseClusterNodes, servesSlot } from "./cluster-nodes.ts";

// After 127.0.0.1:7101 was killed and 7105 took over its slots.
const afterFailover = [
  "725986 127.0.0.1:7105@7205,node-7105 master - 0 1795432305000 7 connected 0-5460",
  "214b01 127.0.0.1:7106@7206 slave 7f5690 0 1795432304000 2 connected",
  "7f5690 127.0.0.1:7102@7202 myself,master - 0 1795432306308 2 connected 5461-10921 10922 [10922->-75f590]",
  "5b81f0 127.0.0.1:7101@7201 master,fail - 1795432300000 1795432299000 1 disconnected",
  "75f590 127.0.0.1:7103@7203 master,fail? - 0 1795432304000 3 connected 10923-16383",
].join("\n");

describe("parseClusterNodes", () => {
  it("reads ports, roles, masters and slot ranges, leaving out migrating slots", () => {
    const nodes = parseClusterNodes(afterFailover);
    expect(nodes.map((n) => n.port)).toEqual([7105, 7106, 7102, 7101, 7103]);
    expect(nodes[1]).toMatchObject({ id: "214b01", flags: ["slave"], masterId: "7f5690", slots: [] });
    expect(nodes[2]!.slots).toEqual([
      [5461, 10921],
      [10922, 10922],
    ]);
  });

  it("counts as serving only masters with slots that nobody suspects", () => {
    const serving = parseClusterNodes(afterFailover).filter(isServingMaster);
    expect(serving.map((n) => n.port)).toEqual([7105, 7102]);
    expect(servesSlot(serving[0]!, 5460)).toBe(true);
    expect(servesSlot(serving[0]!, 5461)).toBe(false);
  });
});

describe("infoField", () => {
  it("reads a field from CRLF-separated INFO output", () => {
    const info = "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n";
    expect(infoField(info, "cluster_state")).toBe("ok");
    expect(infoField(info, "cluster_slots_ok")).toBe("16384");
    expect(infoField(info, "cluster_known_nodes")).toBeUndefined();
  });
});
