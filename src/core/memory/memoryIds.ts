import { randomBytes } from 'node:crypto';
import { decodeTime, encodeTime, incrementBase32 } from 'ulid';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Hands out ULIDs that only ever increase. Within a millisecond (or when the clock steps back)
 * the next id is the last one plus one in its random part, as in ULID's monotonic mode. `floor`
 * is the largest id already in the profile: the store raises it under the profile lock before
 * assigning, so ids stay strictly increasing across every process that writes, and two writers
 * can never produce the same id.
 */
export class MemoryIds {
  private last = '';

  /** Raise the floor to an id seen in the logs (written by this or another process). */
  observe(id: string): void {
    if (id > this.last) this.last = id;
  }

  get floor(): string {
    return this.last;
  }

  next(nowMs: number): string {
    const id = this.last && decodeTime(this.last) >= nowMs ? incrementBase32(this.last) : encodeTime(nowMs, 10) + randomPart();
    this.last = id;
    return id;
  }
}

function randomPart(): string {
  // Keep the top bit clear so that many increments within one millisecond cannot overflow.
  const bytes = randomBytes(16);
  let out = CROCKFORD[bytes[0] & 0x0f];
  for (let i = 1; i < 16; i++) out += CROCKFORD[bytes[i] & 0x1f];
  return out;
}
