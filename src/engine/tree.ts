import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

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
  write(path: string, content: string): void;
  changes(): FileChange[];
}

export function normalisePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/|^\/+/, '');
  if (normal === '..' || normal.startsWith('../')) throw new Error(`path leaves the project: ${path}`);
  return normal === '.' ? '' : normal;
}

/** A Tree over a folder on disk: the CLI's. */
export class DiskTree implements Tree {
  private readonly pending = new Map<string, string>();

  constructor(readonly root: string) {}

  read(path: string): string | undefined {
    const key = normalisePath(path);
    if (this.pending.has(key)) return this.pending.get(key);
    const full = join(this.root, key);
    return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  listFiles(dir: string): string[] {
    const key = normalisePath(dir);
    const full = join(this.root, key);
    const onDisk = existsSync(full) && statSync(full).isDirectory()
      ? readdirSync(full, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)
      : [];
    const planned = [...this.pending.keys()]
      .filter((p) => posix.dirname(p) === (key || '.'))
      .map((p) => posix.basename(p));
    return [...new Set([...onDisk, ...planned])].sort();
  }

  write(path: string, content: string): void {
    this.pending.set(normalisePath(path), content);
  }

  changes(): FileChange[] {
    const result: FileChange[] = [];
    for (const [path, after] of [...this.pending].sort(([a], [b]) => a.localeCompare(b))) {
      const full = join(this.root, path);
      const before = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
      if (before === after) continue;
      result.push({ action: before === undefined ? 'create' : 'update', path, before, after });
    }
    return result;
  }
}
