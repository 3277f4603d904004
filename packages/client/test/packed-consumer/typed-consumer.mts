// Type-checked by packed-tarballs.int.test.ts (tsc, NodeNext resolution) in the
// scratch project, against the .d.ts files of the installed tarballs: a
// customer's TypeScript sees the typed paths and results, not `any`.
import { createHeraldClient, type HeraldClient } from "@herald/client";
import { verify, type VerifyResult } from "@herald/signing";

const herald: HeraldClient = createHeraldClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "hk_example" });

export async function publishPaid(order: string): Promise<number | undefined> {
  const { data } = await herald.POST("/api/v1/events", { body: { type: "order.paid", data: { order } } });
  return data?.deliveries;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error the path does not exist in Herald's API
  await herald.GET("/api/v1/no-such-path");
  // @ts-expect-error an event needs its type
  await herald.POST("/api/v1/events", { body: { data: {} } });
}

export function check(body: string, headers: Record<string, string>): VerifyResult {
  const result = verify({ secret: "whsec_example", body, headers });
  // @ts-expect-error a failed result has a reason, a verified one has none
  if (result.ok) return { ok: true, reason: "missing_headers" };
  return result;
}
