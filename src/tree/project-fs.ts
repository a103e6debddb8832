import * as fs from 'node:fs';

/**
 * Every file-system call the commit, its journal and the project lock make, in one place: tests
 * replace it to fail (ENOSPC, EACCES, ...) or to die at a chosen step. Reads come first; each call
 * of the second group is one step that changes the disk.
 */
export interface ProjectFs {
  /** The file's text, or undefined when no file is there (nothing, or a folder). Follows symlinks. */
  readText(path: string): string | undefined;
  /** lstat, or undefined when nothing is there. */
  lstat(path: string): fs.Stats | undefined;
  /** stat (follows symlinks), or undefined when nothing is there. */
  stat(path: string): fs.Stats | undefined;
  realpath(path: string): string;
  /** access(W_OK). Always true for root, so callers look at the mode bits too. */
  canWrite(path: string): boolean;

  /** Creates a new file with this text; fails if anything is there already. */
  createFile(path: string, text: string): void;
  appendFile(path: string, text: string): void;
  /** Flushes a file, or a folder's entries, to the disk. */
  fsync(path: string): void;
  chmod(path: string, mode: number): void;
  mkdir(path: string): void;
  rename(from: string, to: string): void;
  /** A second name for a file (a hard link). */
  link(existing: string, path: string): void;
  /** A copy that keeps the mode; fails if anything is there already. */
  copyFile(from: string, to: string): void;
  unlink(path: string): void;
  rmdir(path: string): void;
}

const absent = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
function ifThere<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (absent(error)) return undefined;
    throw error;
  }
}

export const nodeFs: ProjectFs = {
  readText(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (error) {
      if (absent(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  },
  lstat: (path) => ifThere(() => fs.lstatSync(path)),
  stat: (path) => ifThere(() => fs.statSync(path)),
  realpath: (path) => fs.realpathSync(path),
  canWrite(path) {
    try {
      fs.accessSync(path, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  createFile: (path, text) => fs.writeFileSync(path, text, { flag: 'wx' }),
  appendFile: (path, text) => fs.appendFileSync(path, text),
  fsync(path) {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error) {
      // Windows cannot open a folder to flush it; its entries are durable without it.
      if (process.platform === 'win32' && ['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
    try {
      fs.fsyncSync(fd);
    } catch (error) {
      // Some file systems cannot flush a folder (EINVAL); that costs durability on power loss, not correctness.
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
    } finally {
      fs.closeSync(fd);
    }
  },
  chmod: (path, mode) => fs.chmodSync(path, mode),
  mkdir: (path) => fs.mkdirSync(path),
  rename: (from, to) => fs.renameSync(from, to),
  link: (existing, path) => fs.linkSync(existing, path),
  copyFile: (from, to) => fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL),
  unlink: (path) => fs.unlinkSync(path),
  rmdir: (path) => fs.rmdirSync(path),
};

let current: ProjectFs = nodeFs;

/** The file system commits, journals and locks use now. */
export const projectFs = (): ProjectFs => current;

/** For tests: every later commit, recovery and lock goes through `replacement` (nodeFs restores). */
export function setProjectFs(replacement: ProjectFs): void {
  current = replacement;
}
