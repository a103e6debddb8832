/**
 * Cheap copies of a project and byte-exact views of its tree, for tests that make many variants of
 * one generated project (tests/e2e/formatter-matrix.ts).
 *
 * - linkedCopy(): the project's files copied, its node_modules a folder of symlinks to the
 *   source's packages, with some packages swapped for others (another prettier) or left out.
 * - readTree() / treeHash() / restoreTree(): every file outside node_modules, by relative path.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { assertIsolatedLocation } from './cache';

export interface LinkedCopyOptions {
  /**
   * Packages of node_modules (`prettier`, `@biomejs/biome`) to link to another folder instead of
   * the source's, or (null) to leave out. A package the source does not have is added.
   */
  packages?: Record<string, string | null>;
}

/** Never linked: `.bin` entries point at the source's own packages, whatever was swapped. */
const UNLINKED = new Set(['.bin']);

/**
 * Copies `source` to `dest` without node_modules (a few hundred kB for a Nest project instead of
 * ~30k files), then makes `dest/node_modules` a folder of symlinks to `source/node_modules/*`, with
 * `options.packages` applied. Node resolves through the links as through the real folders.
 */
export function linkedCopy(source: string, dest: string, options: LinkedCopyOptions = {}): void {
  assertIsolatedLocation(dest, 'a linked project copy');
  if (existsSync(dest)) throw new Error(`${dest} exists already`);
  const sourceModules = join(source, 'node_modules');
  cpSync(source, dest, { recursive: true, verbatimSymlinks: true, filter: (path) => path !== sourceModules });
  const swaps = new Map(Object.entries(options.packages ?? {}));
  const scopesSwapped = new Set([...swaps.keys()].filter((name) => name.startsWith('@')).map((name) => name.split('/')[0]));
  const linkFolder = (from: string, to: string, prefix: string): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      const name = prefix + entry;
      if (UNLINKED.has(name) || swaps.has(name)) continue;
      if (scopesSwapped.has(name)) linkFolder(join(from, entry), join(to, entry), `${name}/`);
      else symlinkSync(join(from, entry), join(to, entry));
    }
  };
  linkFolder(sourceModules, join(dest, 'node_modules'), '');
  for (const [name, target] of swaps) {
    if (target === null) continue;
    if (!existsSync(join(target, 'package.json'))) throw new Error(`cannot link node_modules/${name}: ${target} holds no package`);
    const link = join(dest, 'node_modules', ...name.split('/'));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link);
  }
}

/** Every file of `dir` outside node_modules, by path relative to `dir` (forward slashes), sorted. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(dir, 'node_modules')) walk(path);
      } else if (entry.isSymbolicLink()) {
        throw new Error(`readTree: ${path} is a symlink outside node_modules; only files are compared and restored`);
      } else {
        files.set(relative(dir, path).split(sep).join('/'), readFileSync(path));
      }
    }
  };
  walk(dir);
  return files;
}

/** A sha256 over the paths and bytes of readTree(dir): equal hashes, byte-identical trees. */
export const treeHash = (dir: string): string => filesHash(readTree(dir));

/** The sha256 of a readTree() result. */
export function filesHash(files: Map<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const [path, bytes] of files) hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex');
}

/** The files of `before` that differ in `after` (changed, added or removed), sorted. */
export function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => {
    const a = before.get(p);
    const b = after.get(p);
    return a === undefined || b === undefined || !a.equals(b);
  }).sort();
}

/** Puts `dir` back to `snapshot` (a readTree() result): rewrites changed files, removes added ones. */
export function restoreTree(dir: string, snapshot: Map<string, Buffer>): void {
  const now = readTree(dir);
  for (const path of changedFiles(now, snapshot)) {
    const file = join(dir, ...path.split('/'));
    const bytes = snapshot.get(path);
    if (bytes === undefined) rmSync(file, { force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
  }
}
