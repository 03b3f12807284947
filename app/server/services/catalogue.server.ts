import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, eq, ne, notExists, sql } from "drizzle-orm";
import type { CatalogueItem, CatalogueItemForm } from "~/domain/catalogue";
import type { Db } from "../db/client.server";
import { catalogueItems, type CatalogueItemRow } from "../db/schema.server";

// The studio's price list in D1 (seeded by migrations/0006_catalogue_seed.sql,
// edited at /admin/services and PUT /api/catalogue/:id). Rows are never
// deleted: retiring sets active = 0, so requests and quotes that name an item
// keep it, while new requests can no longer choose it.

const otherItems = alias(catalogueItems, "other_items");

export function itemFromRow(row: CatalogueItemRow): CatalogueItem {
  return {
    id: row.id,
    kind: row.kind,
    code: row.code,
    name: row.name,
    description: row.description,
    pricing: row.pricing,
    baseMinor: row.baseMinor,
    perTrackMinor: row.perTrackMinor,
    percentBp: row.percentBp,
    turnaroundDays: row.turnaroundDays,
    turnaroundDaysSaved: row.turnaroundDaysSaved,
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

/** Every item, retired ones too, packages first, in the studio's order. */
export async function loadCatalogue(db: Db): Promise<CatalogueItem[]> {
  const rows = await db.select().from(catalogueItems).orderBy(asc(catalogueItems.kind), asc(catalogueItems.sortOrder), asc(catalogueItems.code));
  // "addon" sorts before "package" in SQL; packages read first everywhere.
  return rows.map(itemFromRow).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "package" ? -1 : 1));
}

export async function findCatalogueItem(db: Db, id: string): Promise<CatalogueItem | null> {
  const [row] = await db.select().from(catalogueItems).where(eq(catalogueItems.id, id)).limit(1);
  return row ? itemFromRow(row) : null;
}

export type CatalogueWrite =
  | { ok: true; item: CatalogueItem }
  | { ok: false; status: 404 | 409 | 422; field: keyof CatalogueItemForm | null; message: string };

const codeTaken = (code: string): CatalogueWrite => ({
  ok: false,
  status: 409,
  field: "code",
  message: `The code "${code}" is already used by another item; choose another`,
});

/** A new item. Its id says its kind and code (pkg_mix_master), like the seed's. */
export async function createCatalogueItem(db: Db, form: CatalogueItemForm, now: number): Promise<CatalogueWrite> {
  const id = `${form.kind === "package" ? "pkg" : "addon"}_${form.code}_${crypto.randomUUID().slice(0, 8)}`;
  // ON CONFLICT DO NOTHING covers the UNIQUE code: no row means the code is taken.
  const result = await db
    .insert(catalogueItems)
    .values({ id, ...form, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  if (result.meta.changes !== 1) return codeTaken(form.code);
  return { ok: true, item: { id, ...form } };
}

/**
 * Edit an item. Its kind stays what it is: a package on an old request must
 * still be a package. Prices change for new requests only; sent requests keep
 * the estimate they were sent with.
 */
export async function updateCatalogueItem(db: Db, id: string, form: CatalogueItemForm, now: number): Promise<CatalogueWrite> {
  const current = await findCatalogueItem(db, id);
  if (!current) return { ok: false, status: 404, field: null, message: "There is no catalogue item with that id" };
  if (current.kind !== form.kind) {
    return {
      ok: false,
      status: 422,
      field: "kind",
      message: `This item is ${current.kind === "package" ? "a package" : "an add-on"} and stays one; retire it and add a new item instead`,
    };
  }
  // One statement: the code is checked and written with no other write in between.
  const result = await db
    .update(catalogueItems)
    .set({ ...form, updatedAt: now })
    .where(
      and(
        eq(catalogueItems.id, id),
        notExists(db.select({ one: sql`1` }).from(otherItems).where(and(eq(otherItems.code, form.code), ne(otherItems.id, id)))),
      ),
    )
    .run();
  if (result.meta.changes !== 1) return codeTaken(form.code);
  return { ok: true, item: { id, ...form } };
}

/** Retire (active = false) or bring back an item. */
export async function setCatalogueItemActive(db: Db, id: string, active: boolean, now: number): Promise<CatalogueItem | null> {
  const result = await db.update(catalogueItems).set({ active, updatedAt: now }).where(eq(catalogueItems.id, id)).run();
  if (result.meta.changes !== 1) return null;
  return findCatalogueItem(db, id);
}
