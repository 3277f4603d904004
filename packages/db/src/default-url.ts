export const defaultDatabaseUrl = "postgresql://postgres:postgres@127.0.0.1:5432/herald";
