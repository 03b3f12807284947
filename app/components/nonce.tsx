import { createContext, useContext } from "react";

// The per-response nonce that lets Remix's inline scripts run under our
// Content-Security-Policy (set in entry.server.tsx). Only the server knows it;
// in the browser it is undefined, which is fine once the page has loaded.
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
