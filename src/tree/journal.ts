import { createHash } from 'node:crypto';
import { join, posix } from 'node:path';
import { FileSystemError } from '../errors';
import { errnoOf, fileSystemError, fsStep } from './fs-error';
import { projectFs, type ProjectFs } from './project-fs';
import { isInsideProject } from './project-paths';

/**
 * The commit journal: what a commit is about to do, written before it touches anything else, so
 * that whatever stops it (a kill, a full disk, a power cut), the next run can put the project back
 * in one of its two states. Its first line lists the folders and files; a second line `complete`
 * is the commit point. Before it, the commit is undone: every replaced file gets its old file back
 * (kept under a second name until then), created files and folders go. After it, only the backups
 * and the journal itself are left to remove.
 */
export const JOURNAL_FILE = '.ws-scaffold-commit.journal';
const COMPLETE = 'complete';

export interface JournalFile {
  /** Real, project-relative POSIX path. */
  path: string;
  /** SHA-256 of the new text: a created file is removed on rollback only while it is still ours. */
  sha256: string;
  /** The file existed: its old version is kept as a backup (a second name) until the commit point. */
  backup: boolean;
}

export interface Journal {
  pid: number;
  /** Folders the commit creates, parents first. */
  folders: string[];
  files: JournalFile[];
}

/** The hidden names beside each target: derived, never read from the journal, so a journal can name no other file. */
export const tempOf = (path: string, pid: number): string => besideIt(path, `${pid}.ws-scaffold.tmp`);
export const backupOf = (path: string, pid: number): string => besideIt(path, `${pid}.ws-scaffold.backup`);
const besideIt = (path: string, suffix: string): string => posix.join(posix.dirname(path), `.${posix.basename(path)}.${suffix}`);

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Step 1 of a commit: the journal, flushed, before any other change. */
export function writeJournal(fs: ProjectFs, root: string, journal: Journal): void {
  const path = join(root, JOURNAL_FILE);
  fsStep(JOURNAL_FILE, 'write', () => {
    fs.createFile(path, `${JSON.stringify({ journal: 'ws-scaffold commit', version: 1, ...journal })}\n`);
    fs.fsync(path);
    fs.fsync(root);
  });
}

/** The commit point: from here on the new tree stands. */
export function markComplete(fs: ProjectFs, root: string): void {
  const path = join(root, JOURNAL_FILE);
  fsStep(JOURNAL_FILE, 'write', () => {
    fs.appendFile(path, `${COMPLETE}\n`);
    fs.fsync(path);
  });
}

/** A journal found on disk: torn (journal undefined: it was being written), or whole, and past its commit point or not. */
export interface FoundJournal {
  journal?: Journal;
  complete: boolean;
}

export function readJournal(fs: ProjectFs, root: string): FoundJournal | undefined {
  const text = fsStep(JOURNAL_FILE, 'read', () => fs.readText(join(root, JOURNAL_FILE)));
  if (text === undefined) return undefined;
  const [first, mark] = text.split('\n');
  let parsed: unknown;
  try {
    parsed = JSON.parse(first);
  } catch {
    return { complete: false };
  }
  return { journal: validJournal(parsed, root), complete: mark === COMPLETE };
}

/**
 * Brings a commit to an end from its journal alone: rolls it back, or finishes it when it had
 * reached its commit point; then removes the journal. Idempotent, so a recovery that is itself
 * interrupted is simply done again.
 */
export function settleJournal(fs: ProjectFs, root: string, found: FoundJournal): void {
  // A torn journal: the commit had done nothing else yet.
  if (found.journal && found.complete) finish(fs, root, found.journal);
  else if (found.journal) rollBack(fs, root, found.journal);
  fsStep(JOURNAL_FILE, 'remove', () => fs.unlink(join(root, JOURNAL_FILE)));
}

/** Before the commit point: the old files back, our new files and folders gone. */
function rollBack(fs: ProjectFs, root: string, journal: Journal): void {
  const touched = new Set<string>();
  for (const file of [...journal.files].reverse()) {
    const target = join(root, file.path);
    if (file.backup) {
      const backup = join(root, backupOf(file.path, journal.pid));
      if (fs.lstat(backup)) {
        // Puts the old file back if the new one had replaced it; when both names still are the
        // same file, rename does nothing, and the backup name is simply removed.
        fsStep(file.path, 'restore', () => fs.rename(backup, target));
        if (fs.lstat(backup)) fsStep(file.path, 'restore', () => fs.unlink(backup));
        touched.add(posix.dirname(file.path));
      }
    } else if (fs.lstat(target) && sha256(fsStep(file.path, 'read', () => fs.readText(target)) ?? '') === file.sha256) {
      fsStep(file.path, 'remove', () => fs.unlink(target));
    }
    removeIfThere(fs, root, tempOf(file.path, journal.pid), 'remove the temporary file beside', file.path);
  }
  for (const folder of [...journal.folders].reverse()) {
    const full = join(root, folder);
    if (!fs.lstat(full)?.isDirectory()) continue;
    try {
      fs.rmdir(full);
    } catch (error) {
      // Not empty: something that is not ours lives there now, so the folder stays.
      if (!['ENOTEMPTY', 'EEXIST'].includes(errnoOf(error) ?? '')) throw fileSystemError(error, folder, 'remove the new folder');
    }
  }
  for (const dir of touched) fsStep(dir, 'flush', () => fs.fsync(join(root, dir)));
}

/** After the commit point: the new files are all in place; what is left are the backups. */
function finish(fs: ProjectFs, root: string, journal: Journal): void {
  for (const file of journal.files) {
    if (file.backup) removeIfThere(fs, root, backupOf(file.path, journal.pid), 'remove the backup of', file.path);
    removeIfThere(fs, root, tempOf(file.path, journal.pid), 'remove the temporary file beside', file.path);
  }
}

/** A backup or a temporary file beside `file`, if it is there; an error names `file`, the project's own. */
function removeIfThere(fs: ProjectFs, root: string, hidden: string, verb: string, file: string): void {
  const full = join(root, hidden);
  if (fs.lstat(full)) fsStep(file, verb, () => fs.unlink(full));
}

/**
 * A journal names only paths inside the project, so that even a planted one cannot reach further:
 * not by `..`, and not through a symlinked folder that leads out of it (checked on the disk).
 */
function validJournal(value: unknown, root: string): Journal {
  const journal = value as Partial<Journal> | null;
  const inside = (path: unknown): path is string =>
    typeof path === 'string' &&
    path !== '' &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    !posix.isAbsolute(path) &&
    !/^[A-Za-z]:/.test(path) &&
    !path.split('/').some((part) => part === '..' || part === '.' || part === '') &&
    isInsideProject(root, path);
  const ok =
    !!journal &&
    Number.isSafeInteger(journal.pid) &&
    (journal.pid as number) > 0 &&
    Array.isArray(journal.folders) &&
    journal.folders.every(inside) &&
    Array.isArray(journal.files) &&
    journal.files.every((f) => !!f && inside(f.path) && typeof f.backup === 'boolean' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256));
  if (!ok) {
    throw new FileSystemError(`${JOURNAL_FILE} is not a journal ws-scaffold can read; nothing was changed (delete it if no ws-scaffold run was interrupted here)`, JOURNAL_FILE);
  }
  return journal as Journal;
}

/**
 * Every command calls this first, under the project lock: an interrupted commit is rolled back or
 * finished before anything reads the project. Returns the one line that tells the user, if any.
 */
export function recoverInterruptedCommit(root: string): string | undefined {
  const fs = projectFs();
  if (!fsStep(JOURNAL_FILE, 'read', () => fs.lstat(join(root, JOURNAL_FILE)))) return undefined;
  const realRoot = fsStep('.', 'read', () => fs.realpath(root));
  const found = readJournal(fs, realRoot);
  if (!found) return undefined;
  try {
    settleJournal(fs, realRoot, found);
  } catch (error) {
    if (!(error instanceof FileSystemError)) throw error;
    throw new FileSystemError(
      `an interrupted ws-scaffold commit could not be ${found.complete ? 'finished' : 'undone'}: ${error.message}; ${JOURNAL_FILE} still records it, and the next run tries again once the cause is fixed`,
      error.path,
      error.code,
    );
  }
  if (!found.journal) return 'Recovered: an interrupted ws-scaffold run had only begun its commit journal; removed it (no file had been changed).';
  const run = `an interrupted ws-scaffold run (pid ${found.journal.pid})`;
  if (found.complete) return `Recovered: ${run} had completed its commit; removed the backups it left.`;
  return `Recovered: rolled back the unfinished commit of ${run}; the project is as it was before that run.`;
}
