import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/*
 * Where ws-scaffold keeps what a run can reuse from earlier runs (compiled code on Node 20,
 * prettier's answers): `ws-scaffold-cache-<uid>` under NODE_COMPILE_CACHE or the temp folder.
 * NODE_DISABLE_COMPILE_CACHE=1 turns every such cache off.
 */

export const cachesDisabled = (): boolean => Boolean(process.env.NODE_DISABLE_COMPILE_CACHE);

/**
 * `<base>/ws-scaffold-cache-<uid>/<name>`, created when missing; undefined when caches are off or
 * the folder is not private. Only this user may write there: a code cache is code, and a planted
 * prettier answer would end up in the user's sources.
 */
export function privateCacheFolder(name: string): string | undefined {
  if (cachesDisabled()) return undefined;
  const base = process.env.NODE_COMPILE_CACHE || tmpdir();
  const uid = process.getuid?.() ?? 'user';
  const folder = join(base, `ws-scaffold-cache-${uid}`, name);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const ours = statSync(dirname(folder));
    const onlyOurs = !process.getuid || (ours.uid === process.getuid() && (ours.mode & 0o022) === 0);
    return onlyOurs ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** What keys an entry made from a file's content: a reinstall or another version changes it. */
export function fileIdentity(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${path}\0${size}\0${mtimeMs}`;
}

/** Writes a cache entry whole or not at all (temp + rename): runs and threads in parallel share the folder. */
export function writeWhole(path: string, data: string | Uint8Array): boolean {
  try {
    // Loaded here, at exit, not with the CLI: node:worker_threads costs `--help` ~5 ms.
    const { threadId } = require('node:worker_threads') as typeof import('node:worker_threads');
    const temporary = `${path}.${process.pid}-${threadId}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, path);
    return true;
  } catch {
    // An entry that cannot be written only costs the next run its speed.
    return false;
  }
}

const MONTH_MS = 30 * 24 * 3600 * 1000;

/**
 * Entries are keyed by what made them (an install's path and mtime, a formatter and its input), so
 * a folder would collect them for ever. A run that writes removes those not written for a month,
 * and the temp files of runs stopped while writing. An entry still in use comes back at its next run.
 */
export function pruneStale(folder: string): void {
  const now = Date.now();
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const path = join(folder, name);
      const age = now - statSync(path).mtimeMs;
      if (name.endsWith('.tmp') ? age > 3600 * 1000 : age > MONTH_MS) unlinkSync(path);
    } catch {
      // Another run pruned it first: nothing to do.
    }
  }
}
