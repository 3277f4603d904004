import { deliveryJobSchema } from "./delivery-queue.ts";

describe("deliveryJobSchema", () => {
  const deliveryId = "0190f3a2-7b1c-7d4e-8f00-123456789abc";
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  it("takes a delivery id with or without the publish's traceparent", () => {
    expect(deliveryJobSchema.parse({ deliveryId })).toEqual({ deliveryId });
    expect(deliveryJobSchema.parse({ deliveryId, traceparent })).toEqual({ deliveryId, traceparent });
  });

  it("drops a malformed traceparent instead of refusing the delivery", () => {
    for (const bad of ["00-xyz", `01-${traceparent.slice(3)}`, traceparent.toUpperCase(), 42]) {
      expect(deliveryJobSchema.parse({ deliveryId, traceparent: bad })).toEqual({ deliveryId });
    }
    expect(deliveryJobSchema.safeParse({ traceparent }).success).toBe(false);
  });
});
