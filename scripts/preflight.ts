import { runPreflight } from "@herald/testkit/preflight";

// `npm test` runs this first (root "pretest"): a missing Postgres, Redis or
// browser stops the suite at once with one line each, not a wall of errors.
await runPreflight();
