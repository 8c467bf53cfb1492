// The HTTP server's response bodies as bytes: a body in pieces (a list page or a get: each incident's cached UTF-8
// from incident-json.ts) is copied into a slice of a slab, and slabs are reused once every body cut from them has
// been written. Node-only (Buffer); the handler and MSW never see it.
import { type GraphResponse, jsonPieces } from './request-context.js';

/** A slab of bytes that response bodies are cut from, and how many of those bodies are still being written. */
export interface Slab {
  readonly bytes: Buffer;
  used: number;
  writing: number;
}

/**
 * A response body: a body in pieces as bytes, with the slab it was cut from (to hand to {@link bodyWritten} once
 * written), a text body as it is; and its length in bytes.
 */
export interface ResponseBody {
  readonly bytes: Buffer | string;
  readonly length: number;
  readonly slab: Slab | undefined;
}

/** Slabs this large: a list page of 50 (about 55 KB) takes under a twentieth of one. */
const slabSize = 1024 * 1024;
/** Written-out slabs kept for reuse; more are dropped for the garbage collector. */
const maxSpareSlabs = 4;

let current: Slab = { bytes: Buffer.allocUnsafe(0), used: 0, writing: 0 };
const spare: Slab[] = [];

/**
 * The body to write. A body in pieces is copied into a slice of a slab: encoding a list page's text was a fifth
 * of its CPU time, allocating a 55 KB buffer per response most of the copy's cost, and a fresh 1 MB slab every
 * twenty pages still cost the kernel a page fault per 4 KB on first write (bench/README.md).
 */
export function responseBody(response: GraphResponse): ResponseBody {
  const pieces = jsonPieces(response);
  if (!pieces) {
    // Written as text: node:http joins it to the head and encodes both in its one write.
    const text = response.body;
    return { bytes: text, length: Buffer.byteLength(text), slab: undefined };
  }
  const { head, items, tail } = pieces;
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(items.length - 1, 0);
  for (const item of items) length += typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  const { bytes, slab } = cut(length);
  let offset = bytes.write(head, 0);
  for (let index = 0; index < items.length; index++) {
    if (index > 0) bytes[offset++] = 0x2c; // ','
    const item = items[index]!;
    if (typeof item === 'string') offset += bytes.write(item, offset);
    else {
      bytes.set(item, offset);
      offset += item.length;
    }
  }
  bytes.write(tail, offset);
  return { bytes, length, slab };
}

/**
 * Gives a body's slab back once the body is written (or its connection is gone). A slab that is no longer the
 * current one and has nothing left to write is reused: no slice of it is referenced by a pending write.
 */
export function bodyWritten(slab: Slab | undefined): void {
  if (!slab) return;
  slab.writing -= 1;
  if (slab.writing === 0 && slab !== current) recycle(slab);
}

/** `length` bytes from the current slab, moving to a spare or new slab when it is full; slices never overlap. */
function cut(length: number): { bytes: Buffer; slab: Slab | undefined } {
  if (length > slabSize / 4) return { bytes: Buffer.allocUnsafe(length), slab: undefined };
  if (current.used + length > current.bytes.length) {
    const full = current;
    current = spare.pop() ?? { bytes: Buffer.allocUnsafe(slabSize), used: 0, writing: 0 };
    if (full.writing === 0) recycle(full);
  }
  const slab = current;
  const bytes = slab.bytes.subarray(slab.used, slab.used + length);
  // Keep the next slice 8-byte aligned.
  slab.used += (length + 7) & ~7;
  slab.writing += 1;
  return { bytes, slab };
}

function recycle(slab: Slab): void {
  if (slab.bytes.length !== slabSize || spare.length >= maxSpareSlabs) return;
  slab.used = 0;
  spare.push(slab);
}
