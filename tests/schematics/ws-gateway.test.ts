import { HostTree } from '@angular-devkit/schematics';
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/engine/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject } from '../support/projects';

const collection = join(__dirname, '..', '..', 'collection.json');

function treeOf(files: Record<string, string>): UnitTestTree {
  const tree = new UnitTestTree(new HostTree());
  for (const [path, text] of Object.entries(files)) tree.create(path, text);
  return tree;
}

// Prettier resolves its config from real paths under the working folder (the project, under
// `nest g`); this repository is not that project, so the parity fixture has no prettier config.
const { '.prettierrc': _prettierrc, ...esmProject } = FIXTURES['esm-vitest'];

describe('ws-gateway schematic', () => {
  it('writes byte-identical files to the CLI for the same options, tolerating every key nest g sends', async () => {
    const runner = new SchematicTestRunner('ws-scaffold', collection);
    const nestCliKeys = { skipImport: false, language: 'ts', sourceRoot: 'src', spec: true, flat: false, specFileSuffix: 'spec', format: false, collection: 'ws-scaffold' };
    const result = await runner.runSchematic('ws-gateway', { name: 'chat', skipInstall: true, ...nestCliKeys }, treeOf(esmProject));

    const root = makeProject(esmProject);
    const cli = await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
    const cliPaths = cli.plan.changes.map((c) => c.path).sort();
    const schematicPaths = result.files.filter((f) => esmProject[f.slice(1)] !== result.readContent(f)).map((f) => f.slice(1)).sort();
    expect(schematicPaths, JSON.stringify([schematicPaths, cliPaths])).toEqual(cliPaths);
    for (const path of cliPaths) expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
  });

  it('is listed with its alias and extends @nestjs/schematics', () => {
    const json = JSON.parse(readFileSync(collection, 'utf8'));
    expect(json.extends).toEqual(['@nestjs/schematics']);
    expect(json.schematics['ws-gateway'].aliases).toEqual(['wsg']);
  });

  it('reports a refusal in one line and leaves the tree unchanged', async () => {
    const runner = new SchematicTestRunner('ws-scaffold', collection);
    const files = { ...FIXTURES['cjs-jest'], 'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module(meta)\nexport class AppModule {}\n" };
    const logs: string[] = [];
    runner.logger.subscribe((entry) => logs.push(entry.message));
    const result = await runner.runSchematic('ws-gateway', { name: 'chat', skipInstall: true }, treeOf(files));
    expect(logs.join('\n')).toContain('ws-scaffold refused: src/app.module.ts:3: @Module(meta) is not an object literal');
    expect(result.files.sort()).toEqual(Object.keys(files).map((f) => `/${f}`).sort());
    expect(result.readContent('/src/app.module.ts')).toBe(files['src/app.module.ts']);
  });
});
