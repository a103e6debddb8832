import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitChanges } from '../../src/tree/commit';
import { diskTree } from '../../src/tree/tree';
import { makeProject, snapshotTree } from '../support/projects';

describe('commitChanges', () => {
  it('writes every planned change, creating folders as needed', () => {
    const root = makeProject({ 'a.ts': 'old\n' });
    const tree = diskTree(root);
    tree.write('a.ts', 'new\n');
    tree.write('deep/er/b.ts', 'b\n');
    commitChanges(root, tree.changes());
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(root, 'deep/er/b.ts'), 'utf8')).toBe('b\n');
  });

  it('restores everything when a write fails part-way', () => {
    const root = makeProject({ 'a.ts': 'old\n', 'z/keep.txt': 'keep\n' });
    // A non-empty folder where a file should go: the last rename fails after the others succeeded.
    mkdirSync(join(root, 'z/blocked.ts'));
    writeFileSync(join(root, 'z/blocked.ts/inside'), 'x');
    const before = snapshotTree(root);
    const changes = [
      { action: 'update' as const, path: 'a.ts', before: 'old\n', after: 'new\n' },
      { action: 'create' as const, path: 'new-dir/c.ts', after: 'c\n' },
      { action: 'create' as const, path: 'z/blocked.ts', after: 'never\n' },
    ];
    expect(() => commitChanges(root, changes)).toThrow();
    expect(snapshotTree(root)).toEqual(before);
    expect(existsSync(join(root, 'new-dir'))).toBe(false);
    expect(readdirSync(join(root, 'z')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe("diskTree", () => {
  it('reads through to disk, keeps writes in memory and reports only real changes', () => {
    const root = makeProject({ 'src/a.ts': 'a\n' });
    const tree = diskTree(root);
    tree.write('src/a.ts', 'a\n');
    tree.write('src/b.ts', 'b\n');
    expect(tree.read('src/b.ts')).toBe('b\n');
    expect(tree.listFiles('src')).toEqual(['a.ts', 'b.ts']);
    expect(existsSync(join(root, 'src/b.ts'))).toBe(false);
    expect(tree.changes().map((c) => [c.action, c.path])).toEqual([['create', 'src/b.ts']]);
  });

  it('never lets a path leave the project', () => {
    const tree = diskTree(makeProject({}));
    expect(() => tree.write('../outside.ts', 'x')).toThrow(/leaves the project/);
  });
});
