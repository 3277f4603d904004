export { startReceiver } from "./receiver.ts";
export type { Receiver, ReceivedRequest, Reply, Responder } from "./receiver.ts";
export { eventually } from "./eventually.ts";
