import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, importsOf, sourceFiles } from './imports';

const repo = join(__dirname, '..', '..');
const files = sourceFiles(repo, 'src');
const graph = new Map(files.map((file) => [file, importsOf(repo, file)]));
/** `src/engine/plan.ts` is in `engine`; `src/errors.ts` in `errors`; `src/index.ts` is the public entry. */
const folderOf = (file: string): string => file.split('/')[1].replace(/\.ts$/, '');

/**
 * The layers as README's "Architecture" section draws them, top first: each row's folders may
 * import only the folders of the rows below it.
 */
function declaredLayers(): string[][] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = /## Architecture\n[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Architecture" section with a ```text block of layers');
  return section
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s{2,}/)[0].split(',').map((name) => name.trim()));
}

describe('architecture', () => {
  it('has no import cycle between files', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('has no import cycle between the folders of src/', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      const to = targets.map(folderOf).filter((folder) => folder !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(findCycle(folders)).toBeUndefined();
  });

  it('imports point down the layers README draws, and README names every folder', () => {
    const layers = declaredLayers();
    const rank = new Map(layers.flatMap((row, index) => row.map((folder) => [folder, index] as const)));
    const folders = new Set(files.map(folderOf).filter((folder) => folder !== 'index'));
    expect([...folders].filter((folder) => !rank.has(folder))).toEqual([]);
    expect([...rank.keys()].filter((folder) => !folders.has(folder))).toEqual([]);
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      if (folderOf(file) === 'index') continue;
      for (const target of targets) {
        const [from, to] = [folderOf(file), folderOf(target)];
        if (from !== to && rank.get(to)! <= rank.get(from)!) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
