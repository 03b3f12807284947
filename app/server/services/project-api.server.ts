import { json } from "@remix-run/cloudflare";
import type { Db } from "../db/client.server";
import { jsonError } from "../http.server";
import { projectDetailJson } from "./project-json.server";
import { loadProjectDetail } from "./project-queries.server";

export const NO_STORE = { "cache-control": "private, no-store" };

/** 200 with the project's JSON, or 404. */
export async function projectResponse(db: Db, id: string, status = 200): Promise<Response> {
  const detail = await loadProjectDetail(db, id);
  if (!detail) return jsonError(404, "There is no project with that id");
  return json(projectDetailJson(detail), { status, headers: NO_STORE });
}
