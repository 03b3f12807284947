import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { appServices } from "~/server/context.server";
import { handleBeacon } from "~/server/embed-counts.server";
import { checkRateLimit } from "~/server/rate-limit/limits.server";

// POST /embed/view: a page showing the booking button was viewed (embed.js).
export const action = ({ request, context }: ActionFunctionArgs) => handleBeacon(request, appServices(context), "views", () => checkRateLimit(context, request, "embed"));
export const loader = ({ request, context }: LoaderFunctionArgs) => handleBeacon(request, appServices(context), "views", () => checkRateLimit(context, request, "embed"));
