// Binary test inputs read one way: a copy of exactly the file's bytes. Node
// may hand back a Buffer that views part of a larger pooled ArrayBuffer, so
// `buf.buffer` alone can hold bytes of other files (Node 24 does this for
// small files): never take a Buffer's `.buffer` without its offset and length.
import { readFileSync } from 'node:fs';

/** The file's bytes as a Uint8Array that owns exactly them. */
export function readBytes(path) {
  const buf = readFileSync(path);
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** A little-endian float32 file as a Float32Array of exactly its values. */
export function readF32(path) {
  return new Float32Array(readBytes(path).buffer);
}

/** `s` with every regular-expression metacharacter escaped, for a RegExp built from data. */
export function escapeRegExp(s) {
  return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
