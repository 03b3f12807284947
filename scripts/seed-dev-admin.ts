// Development only: makes sure the local D1 database has a demo admin, so
// `npm start` can be signed into straight away. Run after the local migrations:
//   npm run admin:seed-dev    (or: npx tsx scripts/seed-dev-admin.ts)
// It never touches a remote database.

import { parseArgs } from "node:util";
import { createOrResetAdmin } from "./admin-create";

const DEV_ADMIN = { email: "admin@studio.local", name: "Studio Admin (dev)", password: "studio-admin-demo" };

async function main() {
  const appEnv = process.env.APP_ENV;
  if (appEnv === "staging" || appEnv === "production") {
    throw new Error(`Refusing to seed the demo admin with APP_ENV=${appEnv}`);
  }
  // --persist-to DIR: the same option as wrangler's, for a non-default local state directory.
  const { values } = parseArgs({ options: { "persist-to": { type: "string" } } });
  await createOrResetAdmin({ ...DEV_ADMIN, target: { kind: "local", persistTo: values["persist-to"] } });
  console.log(
    [
      "Development admin ready (local D1 only):",
      `  sign in at  /admin/login`,
      `  email       ${DEV_ADMIN.email}`,
      `  password    ${DEV_ADMIN.password}`,
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
