import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { initGenerator } from '../../src/generators/init/init.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const nestCli = '{\n\t"$schema": "https://json.schemastore.org/nest-cli",\n\t"collection": "@nestjs/schematics",\n\t"sourceRoot": "src"\n}\n';

/** A project with this package installed in its node_modules (linked), as after `npm i -D ws-scaffold`. */
function projectWithUsInstalled(files: Record<string, string>): string {
  const root = makeProject(files);
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '..', '..'), join(root, 'node_modules', 'ws-scaffold'), 'dir');
  return root;
}
const init = (cwd: string, remove = false) => runGenerator(initGenerator, { remove }, { cwd });
const read = (root: string) => readFileSync(join(root, 'nest-cli.json'), 'utf8');

describe('init', () => {
  it('sets the collection keeping the file formatting, once; --remove puts the default back', async () => {
    const root = projectWithUsInstalled({ ...FIXTURES['cjs-jest'], 'nest-cli.json': nestCli });
    expect((await init(root)).applied).toBe(true);
    expect(read(root)).toBe(nestCli.replace('"@nestjs/schematics"', '"ws-scaffold"'));
    expect((await init(root)).plan.changes).toEqual([]);
    await init(root, true);
    expect(read(root)).toBe(nestCli);
  });

  it('refuses when the collection does not resolve from the project, writing nothing', async () => {
    const root = makeProject({ ...FIXTURES['cjs-jest'], 'nest-cli.json': nestCli });
    const before = snapshotTree(root);
    await expect(init(root)).rejects.toBeInstanceOf(UsageError);
    await expect(init(root)).rejects.toThrow(/not installed in this project/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('does not replace another custom collection', async () => {
    const root = projectWithUsInstalled({ ...FIXTURES['cjs-jest'], 'nest-cli.json': nestCli.replace('@nestjs/schematics', '@acme/schematics') });
    await expect(init(root)).rejects.toBeInstanceOf(RefusalError);
    expect(read(root)).toContain('@acme/schematics');
  });
});
