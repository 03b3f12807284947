import type { AppLoadContext, LoaderFunctionArgs, ServerBuild } from "@remix-run/cloudflare";

// A few hot GET resource routes (JSON, no UI) are answered by calling their
// loader straight away. Remix would first rank and match all ~60 routes, twice
// (its router keeps no cache), which costs more CPU than the read itself
// (docs/decisions/0045). The route file stays the one place the route lives;
// only the dispatch is shorter. Errors are answered the way Remix answers them
// for resource routes: a thrown Response is the answer, anything else is
// reported through entry.server's handleError and becomes a plain 500.
const DIRECT_GET_ROUTES: Record<string, string> = {
  "/api/slots": "routes/api.slots",
};

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

export function directLoaderFor(build: ServerBuild, request: Request, pathname: string): Loader | undefined {
  if (request.method !== "GET") return undefined;
  const routeId = DIRECT_GET_ROUTES[pathname];
  return routeId ? (build.routes[routeId]?.module.loader as Loader | undefined) : undefined;
}

export async function answerDirectly(build: ServerBuild, loader: Loader, request: Request, context: AppLoadContext): Promise<Response> {
  try {
    const result = await loader({ request, context, params: {} });
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    build.entry.module.handleError?.(thrown, { request, context, params: {} });
    return new Response("Unexpected Server Error", { status: 500 });
  }
}
