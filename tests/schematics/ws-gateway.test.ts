import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject } from '../support/projects';
import { collectionPath, esmProjectWithoutPrettier, schematicRunner, treeOf } from '../support/schematics';

describe('ws-gateway schematic', () => {
  const cases = [
    { label: 'socket.io (auto)', schematic: {}, cli: {} },
    { label: 'ws (the transport x-prompt, with a path)', schematic: { transport: 'ws', wsPath: '/live' }, cli: { transport: 'ws', wsPath: '/live' } },
  ];
  for (const { label, schematic, cli: cliOptions } of cases) {
    it(`writes byte-identical files to the CLI for the same options, tolerating every key nest g sends: ${label}`, async () => {
      const runner = schematicRunner();
      const logs: string[] = [];
      runner.logger.subscribe((entry) => logs.push(entry.message));
      const nestCliKeys = { skipImport: false, language: 'ts', sourceRoot: 'src', spec: true, flat: false, specFileSuffix: 'spec', format: false, collection: 'ws-scaffold' };
      const result = await runner.runSchematic('ws-gateway', { name: 'chat', skipInstall: true, ...nestCliKeys, ...schematic }, treeOf(esmProjectWithoutPrettier));

      const root = makeProject(esmProjectWithoutPrettier);
      const cli = await runGenerator(gatewayGenerator, { name: 'chat', ...cliOptions }, { cwd: root, skipInstall: true });
      const cliPaths = cli.plan.changes.map((c) => c.path).sort();
      const schematicPaths = result.files.filter((f) => esmProjectWithoutPrettier[f.slice(1)] !== result.readContent(f)).map((f) => f.slice(1)).sort();
      expect(schematicPaths, JSON.stringify([schematicPaths, cliPaths])).toEqual(cliPaths);
      for (const path of cliPaths) expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
      const wsGateway = 'transport' in schematic;
      expect(result.readContent('/src/chat/chat.gateway.ts').includes("export const CHAT_PATH = '/live';")).toBe(wsGateway);
      // The next steps the CLI prints, printed by the schematic too.
      expect(logs.join('\n')).toContain(`Next:\n  ${cli.plan.nextSteps[0]}`);
    });
  }

  it('is listed with its alias and extends @nestjs/schematics', () => {
    const json = JSON.parse(readFileSync(collectionPath, 'utf8'));
    expect(json.extends).toEqual(['@nestjs/schematics']);
    expect(json.schematics['ws-gateway'].aliases).toEqual(['wsg']);
  });

  it('reports a refusal in one line and leaves the tree unchanged', async () => {
    const runner = schematicRunner();
    const files = { ...FIXTURES['cjs-jest'], 'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module(meta)\nexport class AppModule {}\n" };
    const logs: string[] = [];
    runner.logger.subscribe((entry) => logs.push(entry.message));
    const result = await runner.runSchematic('ws-gateway', { name: 'chat', skipInstall: true }, treeOf(files));
    expect(logs.join('\n')).toContain('ws-scaffold refused: src/app.module.ts:3: @Module(meta) is not an object literal');
    expect(result.files.sort()).toEqual(Object.keys(files).map((f) => `/${f}`).sort());
    expect(result.readContent('/src/app.module.ts')).toBe(files['src/app.module.ts']);
  });
});
