import { FileSystemError } from '../errors';

/** What each errno means to a user, in words (the code follows in brackets). */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'something is already there',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
  EBUSY: 'it is busy',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EXDEV: 'not on the same file system',
};

/** `no space left on the device (ENOSPC)`; the error's own message when it has no errno code. */
export function causeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return `${CAUSES[code] ?? 'the system refused'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

const isErrno = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);

/**
 * Runs one file-system step; a system error becomes `cannot <verb> <file>: <cause>`, naming the
 * project file the step was for (never a temporary name). Other errors pass through unchanged.
 */
export function fsStep<T>(file: string, verb: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw fileSystemError(error, file, verb);
  }
}

/** The same for an error already caught. */
export const fileSystemError = (error: unknown, file: string, verb: string): unknown =>
  isErrno(error) ? new FileSystemError(`cannot ${verb} ${file}: ${causeOf(error)}`, file, error.code) : error;

export const errnoOf = (error: unknown): string | undefined => (isErrno(error) ? error.code : undefined);
