import { parsePartitionList, partitionOf } from "./delivery-queue.ts";

describe("partitionOf", () => {
  it("puts every delivery of a webhook in one partition, the same in every process", () => {
    const id = "0192f3a4-5b6c-7d8e-9f01-23456789abcd";
    expect(partitionOf(id, 8)).toBe(partitionOf(id, 8));
    // FNV-1a is fixed: a change of hash would move queued jobs between partitions on upgrade.
    expect(partitionOf("a", 1000)).toBe(0xe40c292c % 1000);
    expect(partitionOf(id, 1)).toBe(0);
  });

  it("spreads webhooks over the partitions", () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[partitionOf(`0192f3a4-5b6c-7d8e-9f01-${String(i).padStart(12, "0")}`, 8)]++;
    for (const n of counts) expect(n).toBeGreaterThan(700);
  });
});

describe("parsePartitionList", () => {
  it("reads numbers and ranges", () => {
    expect(parsePartitionList("0-3,6", 8)).toEqual([0, 1, 2, 3, 6]);
    expect(parsePartitionList(" 5 , 1", 8)).toEqual([1, 5]);
  });

  it("names what is wrong", () => {
    expect(() => parsePartitionList("8", 8)).toThrow("partition 8 does not exist (HERALD_QUEUE_PARTITIONS is 8: 0-7)");
    expect(() => parsePartitionList("3-1", 8)).toThrow('"3-1" is an empty range');
    expect(() => parsePartitionList("x", 8)).toThrow('"x" is not a partition number or range');
  });
});
