// Preloaded into a real API process (NODE_OPTIONS=--import) by uncaught-request-errors.int.test.ts:
// a request whose query has `fault=<kind>` fails, when its handler answers, in a way Express cannot
// catch. The API itself has no such hook; this stands in for a buggy handler or middleware.
import { ServerResponse } from "node:http";

const end = ServerResponse.prototype.end;
const fired = new WeakSet();

const faults = {
  // The answer goes out, then a listener of its 'finish' event throws.
  "finish-hook": (res, args) => {
    res.once("finish", () => {
      throw new Error("injected fault in a finish hook");
    });
    return end.apply(res, args);
  },
  // A callback started by the handler throws before anything is answered.
  callback: (res) => {
    setImmediate(() => {
      throw new Error("injected fault in a callback");
    });
    return res;
  },
  // A promise nobody awaits rejects before anything is answered.
  rejection: (res) => {
    void Promise.reject(new Error("injected unhandled rejection"));
    return res;
  },
};

ServerResponse.prototype.end = function (...args) {
  const kind = /[?&]fault=([\w-]+)/.exec(this.req?.url ?? "")?.[1];
  if (!kind || !faults[kind] || fired.has(this)) return end.apply(this, args);
  fired.add(this);
  return faults[kind](this, args);
};
