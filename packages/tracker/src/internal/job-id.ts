import { getRandomValues } from 'node:crypto';
import { JOB_ID_PATTERN } from '@noticias/contract';
import { TrackerError } from '../tracker-error.ts';

const PREFIX = 'req_';
const RANDOM_BYTES = 16;
const BATCH = 256;
const HEX_DIGITS = '0123456789abcdef';

/**
 * `req_` + 32 lowercase hex characters (128 bits from the CSPRNG). Random bytes are drawn in
 * batches to spare a system call per id, and each id is decoded from one buffer so that it is
 * a flat 36-byte string rather than a concatenation (56 bytes of heap instead of ~130).
 */
export function createJobIdGenerator(): () => string {
  const random = new Uint8Array(RANDOM_BYTES * BATCH);
  let used = random.length;
  const out = Buffer.alloc(PREFIX.length + RANDOM_BYTES * 2);
  out.write(PREFIX, 'latin1');
  const hex = Uint8Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));
  return () => {
    if (used === random.length) {
      getRandomValues(random);
      used = 0;
    }
    let at = PREFIX.length;
    for (let i = 0; i < RANDOM_BYTES; i++) {
      const byte = random[used + i]!;
      out[at++] = hex[byte >> 4]!;
      out[at++] = hex[byte & 15]!;
    }
    used += RANDOM_BYTES;
    return out.toString('latin1');
  };
}

export function assertJobId(id: string): void {
  if (typeof id !== 'string' || !JOB_ID_PATTERN.test(id)) {
    throw new TrackerError('INVALID_ARGUMENT', `El id de job '${String(id)}' no tiene el formato req_<hex>`, id);
  }
}
