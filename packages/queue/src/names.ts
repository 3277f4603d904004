/** The delivery queue; BullMQ keys live under `${HERALD_QUEUE_PREFIX}:deliveries:*`. */
export const DELIVERY_QUEUE = "deliveries";
