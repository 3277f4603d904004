/** Defaults of settings that are read in more than one place (an env schema and a fallback for callers without one). */

/** HTTP timeout of one delivery attempt or test send. */
export const DELIVERY_TIMEOUT_MS = 5_000;

/** How long a rotated-out secret or signing key still signs beside the new one, so receivers can switch. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
