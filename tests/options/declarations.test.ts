import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { equivalentArguments, registerGeneratorCommand } from '../../src/cli/generator-command';
import { readmeWithOptionTables } from '../../src/cli/options-table';
import { cliLabel } from '../../src/engine/options';
import { COMMANDS } from '../../src/generators/commands';
import { GENERATORS } from '../../src/generators/registry';
import { schemaFile, schematicSchema } from '../../src/schematics/schema-json';
import { generatorOptions } from '../../src/schematics/schematic-factory';

/**
 * Every option is declared once (src/generators/<name>/<name>.options.ts); what is made from the
 * declarations must match them: the committed schema.json files and README tables (rewritten by
 * `npm run derive`), collection.json, the generators, the CLI flags, and the command line printed
 * after a prompted run.
 */
const repo = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

describe('the option declarations', () => {
  it('each schematic schema.json is the one made from its declaration (npm run derive rewrites them)', () => {
    for (const spec of COMMANDS.filter((s) => s.schematic)) {
      expect(JSON.parse(read(schemaFile(spec))), schemaFile(spec)).toEqual(schematicSchema(spec));
    }
  });

  it("README's option tables are the ones made from the declarations, one per command that grows a project", () => {
    const readme = read('README.md');
    for (const command of ['add-gateway', 'add-event', 'add-room', 'add-namespace', 'common']) {
      expect(readme.match(new RegExp(`<!-- options:${command} -->\\n\\| option \\| meaning \\|`, 'g')), command).toHaveLength(1);
    }
    expect(readmeWithOptionTables(readme, COMMANDS)).toBe(readme);
  });

  it('an empty table block is filled, and filling one block never reaches into the next', () => {
    const text = ['# a', '<!-- options:add-room -->', '<!-- /options -->', 'between', '<!-- options:add-event -->', 'OLD-ROW', '<!-- /options -->', 'after', ''].join('\n');
    const filled = readmeWithOptionTables(text, COMMANDS);
    expect(filled).toContain('between\n<!-- options:add-event -->\n| option | meaning |');
    expect(filled).toContain('| `--presence` |');
    expect(filled).not.toContain('OLD-ROW');
    expect(filled.endsWith('<!-- /options -->\nafter\n')).toBe(true);
    expect(readmeWithOptionTables(filled, COMMANDS)).toBe(filled);
  });

  it('collection.json lists the schematics the declarations have, with their schema files', () => {
    const collection = JSON.parse(read('collection.json')).schematics as Record<string, { schema: string; factory: string }>;
    const declared = COMMANDS.filter((s) => s.schematic);
    expect(Object.keys(collection).sort()).toEqual(declared.map((s) => s.schematic!.name).sort());
    for (const spec of declared) expect(collection[spec.schematic!.name].schema).toBe(`./${schemaFile(spec)}`);
  });

  it('each declaration belongs to the generator it names, which validates with it', async () => {
    for (const spec of COMMANDS) {
      const generator = await GENERATORS[spec.generator]();
      expect(generator.name).toBe(spec.generator);
      expect(generator.options).toBe(spec.options);
    }
  });

  it('the CLI has a flag for every option its declaration exposes, and reads it back as the same option', () => {
    for (const spec of COMMANDS) {
      const program = new Command().exitOverride();
      registerGeneratorCommand(program, { exitCode: 0 }, spec);
      const help = program.commands[0].helpInformation();
      for (const [key, option] of Object.entries(spec.options)) {
        if (option.cli === false) continue;
        expect(help, `${spec.command} ${key}`).toContain(option.type === 'string' && option.positional ? '' : cliLabel(key, option));
      }
    }
  });

  it('the printed one-line command gives back the options it was printed from', () => {
    const gateway = COMMANDS.find((s) => s.command === 'add-gateway')!;
    const options = { name: 'admin/chat', namespace: '/live', flat: true, spec: false, auth: false, throttle: true, module: 'src/app.module.ts' };
    const line = equivalentArguments(gateway, options);
    expect(line).toEqual(['add-gateway', 'admin/chat', '--namespace', '/live', '--flat', '--module', 'src/app.module.ts', '--no-spec', '--no-auth', '--throttle', '--yes']);
    const event = COMMANDS.find((s) => s.command === 'add-event')!;
    expect(equivalentArguments(event, { event: 'typing', fields: ['a:string', 'b:number?'], broadcast: true })).toEqual([
      'add-event', 'typing', '--field', 'a:string', '--field', 'b:number?', '--broadcast', '--yes',
    ]);
  });

  it('nest g sends options under the schematic names; lists come comma-separated; an empty prompt answer is the default', () => {
    const event = COMMANDS.find((s) => s.command === 'add-event')!;
    expect(generatorOptions(event, { name: 'typing', fields: 'a:string, b:number?', gateway: '', language: 'ts', flat: false })).toEqual({
      event: 'typing',
      fields: ['a:string', 'b:number?'],
    });
    const adapter = COMMANDS.find((s) => s.command === 'add-adapter')!;
    expect(generatorOptions(adapter, { name: 'redis-streams' })).toEqual({ kind: 'redis-streams' });
    expect(generatorOptions(adapter, { type: 'postgres', name: 'x' })).toEqual({ kind: 'postgres' });
  });
});
