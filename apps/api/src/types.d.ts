import type { Logger } from "@herald/config";
import type { Principal } from "./middleware/authenticate.ts";

declare global {
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
      principal: Principal;
    }
  }
}
