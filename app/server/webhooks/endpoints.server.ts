import { and, desc, eq, isNull } from "drizzle-orm";
import type { WebhookEventType } from "~/domain/webhook-events";
import type { Db } from "../db/client.server";
import { webhookEndpoints } from "../db/schema.server";
import { generateWebhookSecret } from "./signature";

// The studio's webhook endpoints. The secret is returned once, when the
// endpoint is created; lists show only its first characters.

export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  secretHint: string;
  createdBy: string | null;
  createdAt: number;
};

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpointView[]> {
  const rows = await db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.disabledAt)).orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    description: r.description,
    events: JSON.parse(r.events) as WebhookEventType[],
    secretHint: `${r.secret.slice(0, 10)}…`,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  }));
}

export async function createWebhookEndpoint(
  db: Db,
  input: { url: string; events: WebhookEventType[]; description?: string | null },
  createdBy: string,
  now: number,
): Promise<{ id: string; url: string; secret: string }> {
  const id = crypto.randomUUID();
  const secret = generateWebhookSecret();
  await db.insert(webhookEndpoints).values({
    id,
    url: input.url,
    description: input.description || null,
    events: JSON.stringify(input.events),
    secret,
    createdBy,
    createdAt: now,
  });
  return { id, url: input.url, secret };
}

/** Stops deliveries to the endpoint (waiting ones finish as skipped); its history stays. */
export async function removeWebhookEndpoint(db: Db, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ disabledAt: now })
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.disabledAt)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}
