export { consoleRouter, type ConsoleRouterOptions } from "./console-router.ts";
