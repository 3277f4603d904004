/** Rejects when `promise` has not settled within `ms` (a Redis call, an exporter), naming `what` did not answer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = "redis"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
