import { randomBytes } from 'node:crypto';

/** Readable, time-ordered ids such as C-20261125-3f9a0c1d (prefix, UTC day, 32 random bits). */
export function newId(prefix: string, now: string): string {
  return `${prefix}-${now.slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}
