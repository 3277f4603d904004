import { latencyBucket } from "./metrics-recorder.ts";

describe("latencyBucket", () => {
  it("picks the smallest upper bound that holds the latency", () => {
    expect(latencyBucket(0)).toBe("0.005");
    expect(latencyBucket(0.005)).toBe("0.005");
    expect(latencyBucket(0.0051)).toBe("0.01");
    expect(latencyBucket(1.2)).toBe("2.5");
    expect(latencyBucket(31)).toBe("+Inf");
  });
});
