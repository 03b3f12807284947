import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.server";

// Without `schema`: nothing uses drizzle's relational queries (db.query.*), and
// with it drizzle() works out every table's relations again on each request.
export function getDb(d1: D1Database) {
  return drizzle(d1);
}

export type Db = ReturnType<typeof getDb>;
export { schema };
