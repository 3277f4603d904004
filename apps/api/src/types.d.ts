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

// ES2024, in every Node Herald supports (20+); the shared compiler settings stop at ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}
