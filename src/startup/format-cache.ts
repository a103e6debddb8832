import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileIdentity, privateCacheFolder, pruneStale, writeWhole } from './cache-folder';

/**
 * Prettier's answers from earlier runs, for the prettier worker (format.ts). Formatting is a pure
 * function of prettier's code, the resolved options (filepath included) and the text, so the same
 * three give the same output: a run that plans what an earlier one planned (a `--dry-run`, then the
 * real run; a rerun) reuses the answers and never loads or runs prettier's printer. Only answers of
 * the standalone build are kept: its code is the files named here, which key the entries by path,
 * size and mtime (a reinstall or another version is another key). A config that names plugins goes
 * through prettier's API and is never cached: a plugin's code is not part of the key.
 */
export interface FormattedTexts {
  get(options: object, text: string): string | undefined;
  set(options: object, text: string, formatted: string): void;
}

/** None when caches are off (NODE_DISABLE_COMPILE_CACHE) or there is no private folder for them. */
export function formattedTexts(formatterFiles: string[]): FormattedTexts | undefined {
  const folder = privateCacheFolder('prettier');
  if (!folder) return undefined;
  let formatter: string;
  try {
    formatter = formatterFiles.map(fileIdentity).join('\0');
  } catch {
    return undefined;
  }
  const entry = (options: object, text: string) =>
    join(folder, `${createHash('sha256').update(JSON.stringify([formatter, options, text])).digest('hex')}.txt`);
  let pruned = false;
  return {
    get(options, text) {
      try {
        return readFileSync(entry(options, text), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(options, text, formatted) {
      if (!pruned) {
        pruned = true;
        pruneStale(folder);
      }
      writeWhole(entry(options, text), formatted);
    },
  };
}
