/**
 * Base64 helpers on top of atob/btoa, which only handle Latin-1 "binary
 * strings": text goes through UTF-8 bytes first so "Café ☕" survives.
 */

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked so huge attachments don't blow the argument limit of fromCharCode.
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function utf8ToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** Returns null for anything that is not valid base64 (callers treat it as bad input). */
export function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(value.replace(/\s+/g, ""));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
