import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UsageError } from '../errors';

/** Folders no generator ever writes into, whatever a name or a symlink says. */
const FORBIDDEN_TOP_FOLDERS = ['.git', 'node_modules'];

/**
 * Refuses a project-relative path that ws-scaffold would write or read outside the project: one
 * that leaves it (`..`, or a symlinked folder on the way that points elsewhere), one into `.git`,
 * `node_modules` or a build output folder (`outDirs`, e.g. `dist`). Checked on the real disk, so
 * a symlink planted in the project is followed to where it really leads.
 */
export function assertInsideProject(root: string, path: string, what: string, outDirs: readonly string[] = ['dist']): void {
  const segments = path.split('/');
  if (isAbsolute(path) || segments.includes('..')) throw new UsageError(`${what} ${path} is outside the project.`);
  const top = segments[0];
  if (FORBIDDEN_TOP_FOLDERS.includes(top) || segments.includes('.git') || segments.includes('node_modules')) {
    throw new UsageError(`${what} ${path} is inside ${segments.find((s) => FORBIDDEN_TOP_FOLDERS.includes(s))}/, which ws-scaffold never writes to.`);
  }
  const out = outDirs.find((dir) => path === dir || path.startsWith(`${dir}/`));
  if (out) throw new UsageError(`${what} ${path} is inside the build output ${out}/, which the next build overwrites.`);
  const realRoot = realpathSync(root);
  // The deepest part of the path that exists decides where the rest would really go.
  let existing = join(root, path);
  while (!existsSync(existing) && !isSymlink(existing) && existing !== root) existing = dirname(existing);
  if (isSymlink(existing) && !existsSync(existing)) throw new UsageError(`${what} ${path} goes through a broken symlink (${relative(root, existing)}).`);
  const real = realpathSync(existing);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) {
    throw new UsageError(`${what} ${path} leads outside the project through the symlink ${relative(root, existing) || '.'} (to ${real}).`);
  }
}

/** Whether ws-scaffold may write `path` (see assertInsideProject), as a yes or no. */
export function isInsideProject(root: string, path: string): boolean {
  try {
    assertInsideProject(root, path, 'path');
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
