import type { Db } from "./client.ts";

type Seal = (headers: Record<string, string>) => Record<string, string> | null;

function stringValues(json: unknown): Record<string, string> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * Seals the clear header values a Herald from before sealing left in
 * unsealed_headers (migration 20261203100000_sealed_headers): SQL cannot run
 * the app's AES, so every API and worker does this when it starts, before it
 * serves or sends, with its HERALD_ENCRYPTION_KEY (`seal`). Processes starting
 * together skip each other's locked rows; a value sealed since (a PATCH) wins
 * over the legacy one of the same name. Leaves updated_at alone: nobody
 * changed the webhook. Returns how many webhooks it sealed.
 */
export async function sealLegacyHeaders(db: Db, seal: Seal): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; unsealed: unknown; sealed: unknown }>>`
      SELECT id, unsealed_headers AS unsealed, sealed_headers AS sealed FROM webhooks
      WHERE unsealed_headers IS NOT NULL FOR UPDATE SKIP LOCKED`;
    for (const row of rows) {
      const sealed = { ...seal(stringValues(row.unsealed)), ...stringValues(row.sealed) };
      const json = Object.keys(sealed).length ? JSON.stringify(sealed) : null;
      await tx.$executeRaw`UPDATE webhooks SET sealed_headers = ${json}::jsonb, unsealed_headers = NULL WHERE id = ${row.id}::uuid`;
    }
    return rows.length;
  });
}
