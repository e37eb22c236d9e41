import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: every Lambda entry and the lock file are found from here, not from the cwd. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}

/** The handler file for a function, failing at synth (not at deploy) when someone has not written it yet. */
export function entryFile(relative: string): string {
  const path = projectPath(relative);
  if (!existsSync(path)) throw new Error(`Lambda entry ${relative} does not exist`);
  return path;
}
