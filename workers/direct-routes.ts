import type { AppLoadContext, LoaderFunctionArgs, ServerBuild } from "@remix-run/cloudflare";

// A few hot resource routes (JSON, no UI) are answered by calling their
// loader (GET) or action (POST) straight away. Remix would first rank and
// match all ~60 routes, twice, which costs more CPU than the read itself
// (docs/decisions/0045, 0064). The route file stays the one place the route lives;
// only the dispatch is shorter. Errors are answered the way Remix answers them
// for resource routes: a thrown Response is the answer, anything else is
// reported through entry.server's handleError and becomes a plain 500.
const DIRECT_ROUTES: Record<string, { routeId: string; methods: readonly ("GET" | "POST")[] }> = {
  "/api/slots": { routeId: "routes/api.slots", methods: ["GET"] },
  // The admin list API (the studio's tools) and the booking API.
  "/api/consultations": { routeId: "routes/api.consultations", methods: ["GET", "POST"] },
};

/** A route's loader or action: both take the same arguments. */
type Handler = (args: LoaderFunctionArgs) => Promise<unknown>;

export function directHandlerFor(build: ServerBuild, request: Request, pathname: string): Handler | undefined {
  const route = DIRECT_ROUTES[pathname];
  const method = request.method as "GET" | "POST";
  if (!route?.methods.includes(method)) return undefined;
  const module = build.routes[route.routeId]?.module;
  return (method === "GET" ? module?.loader : module?.action) as Handler | undefined;
}

export async function answerDirectly(build: ServerBuild, handler: Handler, request: Request, context: AppLoadContext): Promise<Response> {
  try {
    const result = await handler({ request, context, params: {} });
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    build.entry.module.handleError?.(thrown, { request, context, params: {} });
    return new Response("Unexpected Server Error", { status: 500 });
  }
}
