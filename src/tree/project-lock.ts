import { hostname } from 'node:os';
import { join } from 'node:path';
import { FileSystemError, ProjectBusyError } from '../errors';
import { errnoOf, fileSystemError, fsStep } from './fs-error';
import { recoverInterruptedCommit } from './journal';
import { projectFs, type ProjectFs } from './project-fs';
import { onStopSignal } from './signals';

/**
 * One ws-scaffold run per project at a time. A run holds the lock from before it reads anything
 * until after its install, so a second run can never plan on files the first is about to change
 * (and write over the first one's registration). The second run waits up to LOCK_WAIT_MS, then
 * gives up without changing anything. A lock whose process is gone is taken over.
 */
export const LOCK_FILE = '.ws-scaffold.lock';
/** How long a run waits for the one holding the lock (README, "Safety"). */
export const LOCK_WAIT_MS = 5_000;
const POLL_MS = 50;
/** A lock file is created and written in one call; one still unreadable after this is from a run that died in between. */
const UNREADABLE_STALE_MS = 2_000;

interface Holder {
  pid: number;
  host: string;
  /** When the run took the lock (ms since the epoch). */
  since: number;
  /** When its process started: tells this process from an earlier one that had the same pid. */
  processStart: number;
}

const PROCESS_START = Math.round(Date.now() - process.uptime() * 1000);

export interface ProjectAccess {
  /** The run may write (a generator, sync); reading runs (check, dry runs) also work where nothing can be written. */
  writes: boolean;
  /** Where the line about a recovered commit goes (default: stderr, so that `--json` output stays clean). */
  notify?: (line: string) => void;
  /** Called once if the run has to wait: time to load what the run will need, while the other one works. */
  whileWaiting?: () => void;
}

/**
 * Every command's way into a project: under the lock, and only after an interrupted commit has been
 * rolled back or finished (said in one line).
 */
export async function withProject<T>(root: string, access: ProjectAccess, work: () => Promise<T>): Promise<T> {
  const release = await lockProject(root, access);
  try {
    const recovered = recoverInterruptedCommit(root);
    if (recovered) (access.notify ?? ((line) => process.stderr.write(`${line}\n`)))(recovered);
    return await work();
  } finally {
    release();
  }
}

async function lockProject(root: string, { writes, whileWaiting }: ProjectAccess): Promise<() => void> {
  const fs = projectFs();
  const path = join(root, LOCK_FILE);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now(), processStart: PROCESS_START } satisfies Holder)}\n`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let waited = false;
  for (;;) {
    try {
      fs.createFile(path, mine);
      break;
    } catch (error) {
      const code = errnoOf(error);
      // No such project folder: nothing to protect, and the command says what is wrong.
      if (code === 'ENOENT' || code === 'ENOTDIR') return () => {};
      // A project nobody may write to here can still be checked.
      if (!writes && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) return () => {};
      if (code !== 'EEXIST') {
        removePartial(fs, path);
        throw withNothingChanged(fileSystemError(error, LOCK_FILE, 'create'));
      }
    }
    const found = readLock(fs, path);
    if (!found) continue; // released meanwhile
    if (found.stale) {
      takeOver(fs, path, found.text);
      continue;
    }
    if (Date.now() >= deadline) throw new ProjectBusyError(busyMessage(found.holder));
    if (!waited) whileWaiting?.();
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const release = () => {
    stopWatching();
    try {
      // Only our own: never the lock of a run that took over one it wrongly judged stale.
      if (fs.readText(path) === mine) fs.unlink(path);
    } catch {
      // Left behind, it is taken over as stale by the next run: its process is gone by then.
    }
  };
  const stopWatching = onStopSignal(release);
  return release;
}

/** The lock file as found: its text, its holder when it can be read, and whether that holder is gone. */
function readLock(fs: ProjectFs, path: string): { text: string; holder?: Holder; stale: boolean } | undefined {
  const text = fsStep(LOCK_FILE, 'read', () => fs.readText(path));
  if (text === undefined) {
    if (fs.lstat(path)) throw new FileSystemError(`${LOCK_FILE} is not ws-scaffold's lock file (it is a folder); nothing was changed (remove it)`, LOCK_FILE);
    return undefined;
  }
  let holder: Partial<Holder> | undefined;
  try {
    holder = JSON.parse(text) as Partial<Holder>;
  } catch {
    holder = undefined;
  }
  if (!holder || !Number.isSafeInteger(holder.pid) || typeof holder.host !== 'string' || typeof holder.since !== 'number') {
    return { text, stale: Date.now() - (fs.lstat(path)?.mtimeMs ?? Date.now()) > UNREADABLE_STALE_MS };
  }
  return { text, holder: holder as Holder, stale: !isRunning(holder as Holder) };
}

function isRunning(holder: Holder): boolean {
  // A run on another machine (a shared folder) cannot be asked; it counts as running.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return Math.abs(holder.processStart - PROCESS_START) < 100;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM'; // it exists, under another user
  }
}

/** Removed only while it still is the stale lock just read, not one a faster run has put there since. */
function takeOver(fs: ProjectFs, path: string, staleText: string): void {
  try {
    if (fs.readText(path) === staleText) fs.unlink(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw withNothingChanged(fileSystemError(error, LOCK_FILE, 'take over the stale'));
  }
}

/** A lock file created but not written (a full disk): ours, since it was created exclusively. */
function removePartial(fs: ProjectFs, path: string): void {
  try {
    if (fs.lstat(path)) fs.unlink(path);
  } catch {
    // Left behind, it is taken over as stale by the next run.
  }
}

function busyMessage(holder: Holder | undefined): string {
  const who =
    !holder
      ? 'Another ws-scaffold run is starting on this project'
      : `Another ws-scaffold run (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host.replace(/[^\w.-]/g, '?')}`}, started ${Math.max(0, Math.round((Date.now() - holder.since) / 1000))} s ago) is working on this project`;
  return `${who}; waited ${LOCK_WAIT_MS / 1000} s for it and changed nothing. Run again when it has finished (if no ws-scaffold is running, delete ${LOCK_FILE}).`;
}

const withNothingChanged = (error: unknown): unknown =>
  error instanceof FileSystemError ? new FileSystemError(`${error.message}; nothing was changed`, error.path, error.code) : error;
