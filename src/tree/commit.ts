import { chmodSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange } from './tree';

/**
 * Writes a whole plan in one step. Every new content first goes to a temporary file beside its
 * target (same file system, so the rename is atomic); only when all of them are written are they
 * renamed into place. If anything fails, files already replaced get their old content back, new
 * files and new folders are removed, and the error is rethrown: the project is as it was.
 */
export function commitChanges(root: string, changes: readonly FileChange[]): void {
  const createdDirs: string[] = [];
  const staged: { change: FileChange; target: string; temp: string }[] = [];
  const done: { change: FileChange; target: string }[] = [];
  try {
    for (const change of changes) {
      const target = join(root, change.path);
      ensureDir(dirname(target), createdDirs);
      const temp = join(dirname(target), `.${Date.now()}-${process.pid}-${staged.length}.ws-scaffold.tmp`);
      writeFileSync(temp, change.after);
      if (change.action === 'update' && existsSync(target)) chmodSync(temp, statSync(target).mode);
      staged.push({ change, target, temp });
    }
    for (const entry of staged) {
      renameSync(entry.temp, entry.target);
      done.push(entry);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    for (const { change, target } of done.reverse()) {
      if (change.before === undefined) rmSync(target, { force: true });
      else writeFileSync(target, change.before);
    }
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty: something else lives there now; leave it
      }
    }
    throw error;
  }
}

function ensureDir(dir: string, created: string[]): void {
  if (existsSync(dir)) return;
  ensureDir(dirname(dir), created);
  mkdirSync(dir);
  created.push(dir);
}
