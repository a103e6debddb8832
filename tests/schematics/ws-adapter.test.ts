import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { adapterGenerator } from '../../src/generators/adapter/adapter.generator';
import { FIXTURES, makeProject } from '../support/projects';
import { collectionPath, esmProjectWithoutPrettier, schematicRunner, treeOf } from '../support/schematics';

describe('ws-adapter schematic', () => {
  it('writes byte-identical files to the CLI for the same kind, given as --type, tolerating the keys nest g sends', async () => {
    const runner = schematicRunner();
    const nestCliKeys = { language: 'ts', sourceRoot: 'src', spec: true, flat: false, specFileSuffix: 'spec', collection: 'ws-scaffold' };
    const result = await runner.runSchematic('ws-adapter', { type: 'postgres', skipInstall: true, ...nestCliKeys }, treeOf(esmProjectWithoutPrettier));

    const root = makeProject(esmProjectWithoutPrettier);
    const cli = await runGenerator(adapterGenerator, { kind: 'postgres' }, { cwd: root, skipInstall: true });
    const cliPaths = cli.plan.changes.map((c) => c.path).sort();
    const schematicPaths = result.files.filter((f) => esmProjectWithoutPrettier[f.slice(1)] !== result.readContent(f)).map((f) => f.slice(1)).sort();
    expect(schematicPaths).toEqual(cliPaths);
    expect(cliPaths).toContain('src/websockets/postgres-io.adapter.ts');
    for (const path of cliPaths) expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
  });

  it('takes the kind from the name (`nest g ws-adapter redis-streams`) and is listed with its alias', async () => {
    const runner = schematicRunner();
    const result = await runner.runSchematic('ws-adapter', { name: 'redis-streams', skipInstall: true }, treeOf(FIXTURES['cjs-jest']));
    expect(result.readContent('/src/main.ts')).toContain('await redisStreamsIoAdapter.connectToRedis();');
    expect(JSON.parse(readFileSync(collectionPath, 'utf8')).schematics['ws-adapter'].aliases).toEqual(['wsa']);
  });

  it('switches the app to the ws transport with --type ws', async () => {
    const result = await schematicRunner().runSchematic('ws-adapter', { type: 'ws', skipInstall: true }, treeOf(FIXTURES['cjs-jest']));
    expect(result.readContent('/src/main.ts')).toContain('app.useWebSocketAdapter(new SecureWsAdapter(app));');
    expect(result.files).toContain('/src/websockets/ws-rooms.ts');
  });

  it('reports an unknown kind and a refusal in one line each, leaving the tree unchanged', async () => {
    const runner = schematicRunner();
    const logs: string[] = [];
    runner.logger.subscribe((entry) => logs.push(entry.message));
    const files = FIXTURES['cjs-jest'];
    const unknown = await runner.runSchematic('ws-adapter', { type: 'kafka', skipInstall: true }, treeOf(files));
    expect(logs.join('\n')).toContain('ws-scaffold: unknown adapter kind "kafka"');
    expect(unknown.readContent('/src/main.ts')).toBe(files['src/main.ts']);

    const custom = { ...files, 'src/main.ts': files['src/main.ts'].replace('  await app.listen(', '  app.useWebSocketAdapter(new MyIoAdapter(app));\n  await app.listen(') };
    const refused = await runner.runSchematic('ws-adapter', { type: 'redis', skipInstall: true }, treeOf(custom));
    expect(logs.join('\n')).toContain('ws-scaffold refused: src/main.ts:6: main.ts already installs MyIoAdapter');
    expect(refused.files.sort()).toEqual(Object.keys(custom).map((f) => `/${f}`).sort());
    expect(refused.readContent('/src/main.ts')).toBe(custom['src/main.ts']);
  });
});
