import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { nodeFs, type ProjectFs } from '../../../src/tree/project-fs';

/** The calls of ProjectFs that change the disk: the steps a commit is made of. */
export const STEPS = ['createFile', 'appendFile', 'fsync', 'chmod', 'mkdir', 'rename', 'link', 'copyFile', 'unlink', 'rmdir'] as const;
export type Step = (typeof STEPS)[number];

export interface Fault {
  /** 1-based index of the step that fails. */
  at: number;
  code: string;
  /** The disk stays broken from that step on (a read-only remount, a disk that stays full), rather than for one call. */
  lasting?: boolean;
}

/** nodeFs with every step counted and logged; with a fault, step `at` (and later ones, if lasting) throws `code` and does nothing. */
export function countingFs(root: string, fault?: Fault): { fs: ProjectFs; log: string[] } {
  const log: string[] = [];
  const fs: ProjectFs = { ...nodeFs };
  for (const step of STEPS) {
    const real = nodeFs[step] as (...args: never[]) => void;
    (fs[step] as (...args: unknown[]) => void) = (...args: unknown[]) => {
      log.push(`${step} ${relative(root, String(args[0])) || '.'}`);
      const n = log.length;
      if (fault && (n === fault.at || (fault.lasting && n > fault.at))) {
        throw Object.assign(new Error(`${fault.code}: injected, ${step} '${String(args[0])}'`), { code: fault.code, syscall: step });
      }
      return real(...(args as never[]));
    };
  }
  return { fs, log };
}

/**
 * The whole state of a project folder: each file's content and mode, and every folder (empty ones
 * included). Two states are equal only if nothing at all differs: no temporary file, backup,
 * journal or lock, no new empty folder.
 */
export function projectState(root: string): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const stats = lstatSync(full);
      const path = relative(root, full).split('\\').join('/');
      if (stats.isSymbolicLink()) {
        state[path] = `link to ${readlinkSync(full)}`;
      } else if (stats.isDirectory()) {
        state[`${path}/`] = 'folder';
        walk(full);
      } else {
        state[path] = `${createHash('sha256').update(readFileSync(full)).digest('hex')} ${(stats.mode & 0o777).toString(8)}`;
      }
    }
  };
  walk(root);
  return state;
}

