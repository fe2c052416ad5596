/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
import { applyMigrations, ensureDatabase } from "../lib/migrations";
import { loadDotenv } from "./lib/services";

loadDotenv();
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Set it, or use `npm run dev`, which finds or starts PostgreSQL itself.");
  process.exit(78);
}
if (await ensureDatabase(url)) console.log("created database");
const { applied } = await applyMigrations({ connectionString: url, log: (m) => console.log(m) });
console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
