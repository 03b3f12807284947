import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { appServices } from "~/server/context.server";
import { handleBeacon } from "~/server/embed-counts.server";
import { checkRateLimit } from "~/server/rate-limit/limits.server";

// POST /embed/open: the booking dialog was opened (embed.js).
export const action = ({ request, context }: ActionFunctionArgs) => handleBeacon(request, appServices(context), "opens", () => checkRateLimit(context, request, "embed"));
export const loader = ({ request, context }: LoaderFunctionArgs) => handleBeacon(request, appServices(context), "opens", () => checkRateLimit(context, request, "embed"));
