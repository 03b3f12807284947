import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { admins, apiTokens } from "../db/schema.server";
import { bytesToBase64Url, sha256Hex } from "./encoding";

// Bearer API tokens for scripts and integrations. A token is shown once when
// created; D1 keeps only its SHA-256 (hex) and a short prefix for the list.
// Tokens have 256 random bits, so a plain (unsalted) SHA-256 is enough.

export const API_TOKEN_PREFIX = "sct_";
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export const hashApiToken = (token: string) => sha256Hex(token);
export const displayPrefix = (token: string) => token.slice(0, DISPLAY_PREFIX_LENGTH);

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

export type ApiTokenListItem = {
  id: string;
  name: string;
  prefix: string;
  ownerName: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

export async function listApiTokens(db: Db): Promise<ApiTokenListItem[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.tokenPrefix,
      ownerName: admins.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(admins, eq(admins.id, apiTokens.adminId))
    .orderBy(desc(apiTokens.createdAt));
  return rows;
}

export async function createApiToken(db: Db, adminId: string, name: string, now: number) {
  const token = generateApiToken();
  const id = crypto.randomUUID();
  await db.insert(apiTokens).values({
    id,
    adminId,
    name,
    tokenPrefix: displayPrefix(token),
    tokenHash: await hashApiToken(token),
    createdAt: now,
  });
  return { id, name, token };
}

export async function revokeApiToken(db: Db, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function findAdminByApiToken(db: Db, token: string) {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, admin: { id: admins.id, email: admins.email, name: admins.name } })
    .from(apiTokens)
    .innerJoin(admins, eq(admins.id, apiTokens.adminId))
    .where(and(eq(apiTokens.tokenHash, await hashApiToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function touchApiToken(db: Db, tokenId: string, now: number) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}
