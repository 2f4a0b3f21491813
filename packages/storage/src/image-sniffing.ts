/**
 * What an upload is, from its first bytes (magic numbers), never from its name or declared type. Only raster
 * formats a browser shows safely are allowed: no SVG (scripts), no HTML, nothing executable.
 */

export interface SniffedType {
  contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  extension: 'png' | 'jpg' | 'gif' | 'webp';
}

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

const SIGNATURES: ReadonlyArray<{ type: SniffedType; matches(bytes: Buffer): boolean }> = [
  { type: { contentType: 'image/png', extension: 'png' }, matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: { contentType: 'image/jpeg', extension: 'jpg' }, matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: { contentType: 'image/gif', extension: 'gif' }, matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  // RIFF, a 4-byte size, then WEBP.
  { type: { contentType: 'image/webp', extension: 'webp' }, matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
];

export const ALLOWED_IMAGE_TYPES = SIGNATURES.map((signature) => signature.type.contentType);

/** The type the bytes are, if it is one of the allowed ones; null otherwise. */
export function sniffImageType(bytes: Buffer): SniffedType | null {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.type ?? null;
}
