import { join, posix, relative, sep } from 'node:path';
import { FileSystemError } from '../errors';
import { fsStep } from './fs-error';
import { backupOf, JOURNAL_FILE, markComplete, readJournal, settleJournal, sha256, tempOf, writeJournal, type FoundJournal, type Journal } from './journal';
import { projectFs, type ProjectFs } from './project-fs';
import { holdSignals } from './signals';
import type { FileChange } from './tree';

export interface CommitOptions {
  /** Every file the plan read, as it read it (undefined: none was there); any difference now refuses the commit. */
  read?: ReadonlyMap<string, string | undefined>;
}

/** Where one change goes on disk. */
interface Target {
  change: FileChange;
  /** Real, project-relative POSIX path (a symlink inside the project is written through). */
  path: string;
  /** Mode of the file it replaces; undefined for a new file. */
  mode?: number;
}

/**
 * Writes a whole plan so that the project ends up with all of it or none of it, whatever happens
 * meanwhile (see journal.ts for how). First every check that needs no write: nobody changed what the
 * plan read, no target is read-only, a folder or outside the project. Then, journal first:
 * new folders, each new text in a temporary file beside its target (flushed), a second name for
 * each file about to be replaced, the renames, the commit point, and the clean-up. A failure at
 * any step undoes the steps before it, exactly as the next run would. SIGINT, SIGTERM and SIGHUP
 * wait until it is over.
 */
export async function commitChanges(root: string, changes: readonly FileChange[], options: CommitOptions = {}): Promise<void> {
  if (changes.length === 0) return;
  const fs = projectFs();
  const realRoot = fsStep('.', 'read', () => fs.realpath(root));
  if (fsStep(JOURNAL_FILE, 'read', () => fs.lstat(join(realRoot, JOURNAL_FILE)))) {
    throw new FileSystemError(`an earlier ws-scaffold commit here was interrupted (${JOURNAL_FILE}); nothing was changed (any ws-scaffold command run in this project recovers it first)`, JOURNAL_FILE);
  }
  unchangedSincePlanned(fs, root, changes, options.read);
  const folders = new Set<string>();
  const targets = changes.map((change) => locate(fs, realRoot, change, folders));
  const journal: Journal = {
    pid: process.pid,
    folders: [...folders],
    files: targets.map((t) => ({ path: t.path, sha256: sha256(t.change.after), backup: t.mode !== undefined })),
  };
  await holdSignals(() => write(fs, realRoot, journal, targets));
}

function write(fs: ProjectFs, root: string, journal: Journal, targets: Target[]): void {
  const full = (path: string) => join(root, path);
  const { pid } = journal;
  // Folders whose entries change: flushed once all renames are done, before the commit point.
  const parents = new Set([...targets.map((t) => t.path), ...journal.folders].map((path) => posix.dirname(path)));
  try {
    writeJournal(fs, root, journal);
    for (const folder of journal.folders) fsStep(folder, 'create the folder', () => fs.mkdir(full(folder)));
    for (const { change, path, mode } of targets) {
      fsStep(path, 'write', () => {
        fs.createFile(full(tempOf(path, pid)), change.after);
        if (mode !== undefined) fs.chmod(full(tempOf(path, pid)), mode);
        fs.fsync(full(tempOf(path, pid)));
      });
    }
    for (const { path } of targets.filter((t) => t.mode !== undefined)) fsStep(path, 'back up', () => keepOldFile(fs, full(path), full(backupOf(path, pid))));
    for (const { path } of targets) fsStep(path, 'replace', () => fs.rename(full(tempOf(path, pid)), full(path)));
    for (const dir of parents) fsStep(dir, 'flush', () => fs.fsync(full(dir)));
    markComplete(fs, root);
  } catch (failure) {
    // Undone from the journal on disk, exactly as the next run would do it.
    let found: FoundJournal | undefined;
    try {
      found = readJournal(fs, root);
      if (found) settleJournal(fs, root, found);
    } catch (settleFailure) {
      if (found?.complete) throw writtenButLeftOver(settleFailure);
      throw new FileSystemError(
        `${messageOf(failure)}; undoing it failed too (${messageOf(settleFailure)}): ${JOURNAL_FILE} records what is left, and the next ws-scaffold run in this project finishes undoing it`,
        (failure as FileSystemError).path ?? JOURNAL_FILE,
        (failure as FileSystemError).code,
      );
    }
    // The step that failed came after the commit point (its flush): the new tree stands.
    if (found?.complete) return;
    if (!(failure instanceof FileSystemError)) throw failure;
    throw new FileSystemError(`${failure.message}; nothing was changed`, failure.path, failure.code);
  }
  try {
    settleJournal(fs, root, { journal, complete: true });
  } catch (cleanupFailure) {
    throw writtenButLeftOver(cleanupFailure);
  }
}

/** After the commit point only hidden leftovers can fail to go; the message says the changes are in. */
const writtenButLeftOver = (error: unknown): FileSystemError =>
  new FileSystemError(
    `every change was written, but ${messageOf(error)}; the next ws-scaffold run in this project removes what is left`,
    (error as FileSystemError).path ?? JOURNAL_FILE,
    (error as FileSystemError).code,
  );

/** The old file keeps a second name until the commit point: a hard link, or a copy where links are not supported. */
function keepOldFile(fs: ProjectFs, target: string, backup: string): void {
  try {
    fs.link(target, backup);
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    fs.copyFile(target, backup);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A plan made on files someone else has changed since would overwrite their change: refuse instead. */
function unchangedSincePlanned(fs: ProjectFs, root: string, changes: readonly FileChange[], read: CommitOptions['read']): void {
  const expected = new Map(read ?? []);
  for (const change of changes) expected.set(change.path, change.before);
  for (const [path, text] of expected) {
    if (fsStep(path, 'read', () => fs.readText(join(root, path))) !== text) {
      throw new FileSystemError(`${path} changed on disk while ws-scaffold was planning; nothing was changed (run the command again)`, path);
    }
  }
}

/**
 * The real path of a change's target and the folders to create for it, after the checks that need
 * no write: every existing parent is a folder inside the project, the target is nothing yet or a
 * regular file that is not read-only. Read-only means no write bit at all (root may write anything,
 * so access() alone would not tell), or no write access for this user.
 */
function locate(fs: ProjectFs, realRoot: string, change: FileChange, folders: Set<string>): Target {
  const refuse = (reason: string, code?: string) => new FileSystemError(`cannot write ${change.path}: ${reason}; nothing was changed`, change.path, code);
  const parts = change.path.split('/');
  let dir = realRoot;
  let existing = 0;
  for (; existing < parts.length - 1; existing++) {
    const next = join(dir, parts[existing]);
    const stats = fsStep(change.path, 'read', () => fs.stat(next));
    if (!stats) break;
    const shown = parts.slice(0, existing + 1).join('/');
    if (!stats.isDirectory()) throw refuse(`${shown} is a file, not a folder`, 'ENOTDIR');
    dir = fsStep(change.path, 'read', () => fs.realpath(next));
    if (!isInside(realRoot, dir)) throw refuse(`${shown} is a symbolic link out of the project`);
  }
  for (const part of parts.slice(existing, -1)) {
    dir = join(dir, part);
    folders.add(projectPath(realRoot, dir));
  }
  let target = join(dir, parts[parts.length - 1]);
  const link = existing === parts.length - 1 ? fsStep(change.path, 'read', () => fs.lstat(target)) : undefined;
  if (!link) return { change, path: projectPath(realRoot, target) };
  const stats = fsStep(change.path, 'read', () => fs.stat(target));
  if (!stats) throw refuse('it is a symbolic link to nothing');
  if (link.isSymbolicLink()) {
    target = fsStep(change.path, 'read', () => fs.realpath(target));
    if (!isInside(realRoot, target)) throw refuse('it is a symbolic link out of the project');
  }
  if (stats.isDirectory()) throw refuse('it is a folder', 'EISDIR');
  if (!stats.isFile()) throw refuse('it is not a regular file');
  if ((stats.mode & 0o222) === 0 || !fs.canWrite(target)) {
    throw new FileSystemError(
      `${change.path} is read-only (mode ${(stats.mode & 0o777).toString(8)}): ws-scaffold does not replace it; nothing was changed (make it writable to let ws-scaffold edit it)`,
      change.path,
      'EACCES',
    );
  }
  return { change, path: projectPath(realRoot, target), mode: stats.mode & 0o7777 };
}

const isInside = (root: string, path: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
const projectPath = (root: string, path: string): string => relative(root, path).split(sep).join('/');
