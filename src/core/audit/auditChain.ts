import { createHash } from 'node:crypto';

/** The `prev` of the very first line of the very first day. */
export const GENESIS_HASH = '0'.repeat(64);

const SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;
const SUFFIX_LENGTH = ',"hash":"'.length + 64 + '"}'.length;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Seals an entry: its hash covers the exact JSON text written (which includes `prev`), and is
 * appended as the last field. Hashing the text rather than a re-serialized object means verify
 * needs no canonical JSON: it strips the suffix and hashes what is on disk.
 */
export function sealLine(body: object): { line: string; hash: string } {
  const text = JSON.stringify(body);
  const hash = sha256(text);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** The hashed text and the stored hash of a sealed line, or undefined if it is not one. */
export function unsealLine(line: string): { body: string; hash: string } | undefined {
  const match = SUFFIX.exec(line);
  if (!match || line.length <= SUFFIX_LENGTH) return undefined;
  return { body: `${line.slice(0, -SUFFIX_LENGTH)}}`, hash: match[1] };
}
