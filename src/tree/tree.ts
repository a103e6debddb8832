import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fsStep } from './fs-error';

export interface FileChange {
  action: 'create' | 'update';
  /** Project-relative, POSIX separators. */
  path: string;
  before?: string;
  after: string;
}

/**
 * The in-memory tree every generator plans on. Reads fall through to the real project; writes stay
 * in memory until the engine commits the whole plan at once. Both front ends provide one: the CLI
 * over the disk, the schematics over the angular-devkit Tree.
 */
export interface Tree {
  /** Absolute path of the project on disk: prettier resolves its config from real paths. */
  readonly root: string;
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /** File names (not folders) directly inside `dir`. */
  listFiles(dir: string): string[];
  /** Folder names directly inside `dir` (links to folders left out). */
  listDirs(dir: string): string[];
  write(path: string, content: string): void;
  changes(): FileChange[];
}

export function normalisePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/|^\/+/, '');
  if (normal === '..' || normal.startsWith('../')) throw new Error(`path leaves the project: ${path}`);
  return normal === '.' ? '' : normal;
}

/** Where an OverlayTree reads what it has not planned yet. */
export interface FileSource {
  read(path: string): string | undefined;
  /** File names directly inside `dir` (project-relative, '' for the root). */
  listFiles(dir: string): string[];
  /** Folder names directly inside `dir`, without links. */
  listDirs(dir: string): string[];
}

/** Planned writes held in memory over a read-only source: the disk, or an angular-devkit Tree. */
export class OverlayTree implements Tree {
  private readonly pending = new Map<string, string>();

  constructor(
    readonly root: string,
    private readonly source: FileSource,
  ) {}

  read(path: string): string | undefined {
    const key = normalisePath(path);
    return this.pending.has(key) ? this.pending.get(key) : this.source.read(key);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  listFiles(dir: string): string[] {
    const key = normalisePath(dir);
    const planned = [...this.pending.keys()].filter((p) => posix.dirname(p) === (key || '.')).map((p) => posix.basename(p));
    return [...new Set([...this.source.listFiles(key), ...planned])].sort();
  }

  listDirs(dir: string): string[] {
    const key = normalisePath(dir);
    const prefix = key ? `${key}/` : '';
    const planned = [...this.pending.keys()].filter((p) => p.startsWith(prefix) && p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length).split('/')[0]);
    return [...new Set([...this.source.listDirs(key), ...planned])].sort();
  }

  write(path: string, content: string): void {
    this.pending.set(normalisePath(path), content);
  }

  changes(): FileChange[] {
    const result: FileChange[] = [];
    for (const [path, after] of [...this.pending].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.source.read(path);
      if (before === after) continue;
      result.push({ action: before === undefined ? 'create' : 'update', path, before, after });
    }
    return result;
  }
}

/** The CLI's tree: a project folder on disk. `filesRead` is what the plan read, as it read it: the commit checks it is unchanged. */
export function diskTree(root: string): OverlayTree & { readonly filesRead: ReadonlyMap<string, string | undefined> } {
  // Nothing writes to the disk while a plan is made, so each file is read once: changes() and the
  // drift check compare against the same text again and again.
  const read = new Map<string, string | undefined>();
  const tree = new OverlayTree(root, {
    read(path) {
      if (!read.has(path)) {
        const full = join(root, path);
        read.set(path, fsStep(path, 'read', () => (existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined)));
      }
      return read.get(path);
    },
    listFiles(dir) {
      const full = join(root, dir);
      if (!existsSync(full) || !statSync(full).isDirectory()) return [];
      return readdirSync(full, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    },
    listDirs(dir) {
      const full = join(root, dir);
      if (!existsSync(full) || !statSync(full).isDirectory()) return [];
      return readdirSync(full, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    },
  });
  return Object.assign(tree, { filesRead: read });
}
