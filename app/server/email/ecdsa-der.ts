/**
 * ECDSA signatures travel as DER (SEQUENCE { INTEGER r, INTEGER s }) but
 * WebCrypto verifies only the raw fixed-width r||s form (IEEE P1363).
 *
 * DER INTEGERs are minimal two's complement: a 0x00 pad precedes a value whose
 * top bit is set, and small values are shorter than the curve size, so each
 * half is unpadded and then left-padded to `size` bytes.
 *
 * Returns null for anything malformed rather than guessing.
 */
export function derEcdsaSignatureToRaw(der: Uint8Array, size = 32): Uint8Array<ArrayBuffer> | null {
  let pos = 0;
  if (der[pos++] !== 0x30) return null;
  const seqLength = readLength(der, pos);
  if (!seqLength) return null;
  pos = seqLength.next;
  if (pos + seqLength.length !== der.length) return null;

  const r = readInteger(der, pos, size);
  if (!r) return null;
  const s = readInteger(der, r.next, size);
  if (!s || s.next !== der.length) return null;

  const raw = new Uint8Array(size * 2);
  raw.set(r.value, size - r.value.length);
  raw.set(s.value, size * 2 - s.value.length);
  return raw;
}

function readLength(bytes: Uint8Array, pos: number): { length: number; next: number } | null {
  const first = bytes[pos];
  if (first === undefined) return null;
  if (first < 0x80) return { length: first, next: pos + 1 };
  // Long form; a P-256/P-384 signature never needs more than one length byte.
  if (first !== 0x81) return null;
  const length = bytes[pos + 1];
  if (length === undefined || length < 0x80) return null;
  return { length, next: pos + 2 };
}

function readInteger(
  bytes: Uint8Array,
  pos: number,
  size: number,
): { value: Uint8Array; next: number } | null {
  if (bytes[pos] !== 0x02) return null;
  const header = readLength(bytes, pos + 1);
  if (!header || header.length === 0) return null;
  const end = header.next + header.length;
  if (end > bytes.length) return null;
  let value = bytes.subarray(header.next, end);
  // A set top bit without padding would be a negative number: not a valid r or s.
  if ((value[0] ?? 0) & 0x80) return null;
  while (value.length > 1 && value[0] === 0x00) value = value.subarray(1);
  if (value.length > size) return null;
  if (value.length === 1 && value[0] === 0) return null;
  return { value, next: end };
}
