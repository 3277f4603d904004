import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

const HEADER = `/**
 * GENERATED FILE: do not edit. The types of the Herald API, made by openapi-typescript
 * from the document the API serves at /openapi.json.
 * Regenerate after changing a route or schema: \`npm run generate:client\` (repository root).
 */

`;

/** The TypeScript source of packages/client/src/openapi.ts for an OpenAPI document. */
export async function clientTypesSource(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: true });
  return HEADER + astToString(ast);
}
