import { eq } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { admins } from "../db/schema.server";

export type AdminSummary = { id: string; email: string; name: string };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findAdminById(db: Db, id: string): Promise<AdminSummary | null> {
  const [row] = await db
    .select({ id: admins.id, email: admins.email, name: admins.name })
    .from(admins)
    .where(eq(admins.id, id))
    .limit(1);
  return row ?? null;
}

export async function findAdminByEmail(db: Db, email: string): Promise<(AdminSummary & { passwordHash: string }) | null> {
  const [row] = await db
    .select({ id: admins.id, email: admins.email, name: admins.name, passwordHash: admins.passwordHash })
    .from(admins)
    .where(eq(admins.email, normaliseEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function recordSignIn(db: Db, id: string, now: number) {
  await db.update(admins).set({ lastSignInAt: now }).where(eq(admins.id, id));
}

