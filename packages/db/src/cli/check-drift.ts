import { defaultDatabaseUrl } from "../default-url.ts";
import { diffSchemaAgainstSnapshot } from "../diff-schema.ts";

// Exits 1 when schema.prisma (or the schema file given as the argument) has changes no migration carries yet.
const url = new URL(process.env.DATABASE_URL || defaultDatabaseUrl);
url.pathname = "/postgres";
const sql = await diffSchemaAgainstSnapshot({ url: url.toString(), schema: process.argv[2] });
if (sql) {
  console.error("herald: schema.prisma differs from the migrations; run `npm run db:migration -- <name>`:\n" + sql);
  process.exit(1);
}
console.log("herald: schema.prisma and the migrations agree");
process.exit(0);
