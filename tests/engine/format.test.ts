import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineGenerator } from '../../src/engine/generator';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject, projectWithPrettier } from '../support/projects';

/** A stand-in prettier in the project that records each file it is asked to format (and formats nothing). */
function standInPrettier(root: string): () => Array<{ filepath: string; text: string }> {
  const fake = join(root, 'node_modules', 'prettier');
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, 'package.json'), '{ "name": "prettier", "main": "index.js" }\n');
  writeFileSync(
    join(fake, 'index.js'),
    "const { appendFileSync } = require('node:fs');\n" +
      'exports.resolveConfig = async () => ({});\n' +
      'exports.format = async (text, { filepath }) => {\n' +
      "  if (filepath) appendFileSync(__dirname + '/asked.log', JSON.stringify({ filepath, text }) + '\\n');\n" +
      '  return text;\n' +
      '};\n',
  );
  const log = join(fake, 'asked.log');
  return () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { filepath: string; text: string }) : []);
}

/** `ws-scaffold add-gateway chat` (plus `args`) on `root` in a process of its own: a worker and caches of its own. */
const addGateway = (root: string, args: string[] = [], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ws-scaffold.js'), 'add-gateway', 'chat', '--cwd', root, '--skip-install', '--yes', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });

const doubleQuotes = { ...FIXTURES['cjs-jest'], '.prettierrc': '{ "singleQuote": false, "trailingComma": "all" }\n' };
const run = (root: string) => runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });

describe('formatting with the project prettier', () => {
  it('formats created files with the config resolved from their real path', async () => {
    const root = projectWithPrettier(doubleQuotes);
    await run(root);
    const gateway = readFileSync(join(root, 'src/chat/chat.gateway.ts'), 'utf8');
    expect(gateway).toContain('import { Logger, UseFilters, UsePipes } from "@nestjs/common";');
    expect(gateway).not.toContain("'@nestjs/common'");
  });

  it('formats an edited file that was prettier-clean, and leaves the lines of an unformatted one alone', async () => {
    const clean = projectWithPrettier({ ...doubleQuotes, 'src/app.module.ts': FIXTURES['cjs-jest']['src/app.module.ts'].replace(/'/g, '"') });
    await run(clean);
    expect(readFileSync(join(clean, 'src/app.module.ts'), 'utf8')).toContain('import { ChatGateway } from "./chat/chat.gateway";');

    const messy = "import { Module } from '@nestjs/common'\n\n@Module({   providers: [  ] })\nexport class AppModule    {}\n";
    const root = projectWithPrettier({ ...doubleQuotes, 'src/app.module.ts': messy });
    await run(root);
    expect(readFileSync(join(root, 'src/app.module.ts'), 'utf8')).toBe(
      "import { Module } from '@nestjs/common'\nimport { ChatGateway } from './chat/chat.gateway'\nimport { WebsocketsModule } from './websockets/websockets.module'\n\n@Module({   providers: [ChatGateway], imports: [WebsocketsModule] })\nexport class AppModule    {}\n",
    );
  });
});

describe('formatting ahead, while the plan goes on', () => {
  it('formats a file the plan created and then edited as it ends, not as it was created', async () => {
    const root = projectWithPrettier(doubleQuotes);
    const createThenEdit = defineGenerator<Record<string, never>>({
      name: 'create-then-edit',
      options: {},
      async plan({ scaffoldFile, editFile }) {
        scaffoldFile('src/late.ts', "export const first = {a:'1'}\n", 'late.ts');
        // Handed to the worker too, so that its answer arrives after the one for the created text.
        await new Promise((resolve) => setTimeout(resolve, 50));
        editFile('src/late.ts', (text) => `${text}export const second = {b:'2'}\n`);
      },
    });
    const { plan } = await runGenerator(createThenEdit, {}, { cwd: root, dryRun: true });
    expect(plan.changes.find((c) => c.path === 'src/late.ts')?.after).toBe('export const first = { a: "1" };\nexport const second = { b: "2" };\n');
  });

  it('hands prettier only what the plan changes: a rerun with nothing to do formats nothing', async () => {
    const root = makeProject(doubleQuotes);
    const recorded = standInPrettier(root);
    const asked = () => recorded().map(({ filepath }) => filepath.slice(root.length + 1));
    await run(root);
    expect(asked()).toEqual(expect.arrayContaining(['src/chat/chat.gateway.ts', 'src/app.module.ts', 'src/main.ts']));
    const first = asked().length;
    // Again in a process of its own (a worker of its own, nothing remembered from the first run).
    const again = addGateway(root);
    expect(again.stdout).toContain('Nothing to do');
    expect(asked()).toHaveLength(first);
  });

  it('hands over a created text at once, and an edited one as it is when the plan yields', async () => {
    const root = makeProject({ ...doubleQuotes, 'src/old.ts': 'export const a = 1;\n' });
    const recorded = standInPrettier(root);
    const editTwice = defineGenerator<Record<string, never>>({
      name: 'edit-twice',
      options: {},
      async plan({ scaffoldFile, editFile }) {
        scaffoldFile('src/new.ts', 'export const n = 1;\n', 'new.ts');
        editFile('src/new.ts', (text) => `${text}export const n2 = 2;\n`);
        editFile('src/old.ts', (text) => `${text}export const b = 2;\n`);
        editFile('src/old.ts', (text) => `${text}export const c = 3;\n`);
      },
    });
    await runGenerator(editTwice, {}, { cwd: root, dryRun: true });
    const asked = recorded().map(({ text }) => text);
    expect(asked.sort()).toEqual(
      [
        'export const n = 1;\n', // created: formatted while the plan goes on
        'export const n = 1;\nexport const n2 = 2;\n',
        'export const a = 1;\n', // before the first edit: was the file prettier-clean?
        'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n',
      ].sort(),
    );
  });

  it('a plan that stops after handing files to prettier exits at once, without an unhandled rejection', () => {
    const root = projectWithPrettier(doubleQuotes);
    const result = addGateway(root, ['--module', 'src/nope.module.ts']);
    expect(result.signal, 'killed by the timeout: the process did not exit').toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--module src/nope.module.ts: no such file in the project.');
    expect(result.stderr).not.toMatch(/unhandled|prettier/i);
  });

  it('the generators load ts-morph at their first parse, not when they are imported', () => {
    const generators = ['gateway/gateway.generator', 'namespace/namespace.generator', 'event/event.generator', 'room/room.generator', 'adapter/adapter.generator', 'client/client.generator'];
    const probe = `for (const g of ${JSON.stringify(generators)}) require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'generators'))} + '/' + g);
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('ts-morph'));
      const before = loaded();
      require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'ast', 'source'))}).parseSource('a.ts', 'export const a = 1;');
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ before: false, after: true });
  });
});

describe('formatting without a usable prettier', () => {
  it('leaves the files as planned when the project has a config but prettier cannot be loaded', async () => {
    const root = makeProject(doubleQuotes);
    mkdirSync(join(root, 'node_modules', 'prettier'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'prettier', 'package.json'), '{ "name": "prettier", "main": "index.js" }\n');
    writeFileSync(join(root, 'node_modules', 'prettier', 'index.js'), "throw new Error('broken install');\n");
    await run(root);
    expect(readFileSync(join(root, 'src/chat/chat.gateway.ts'), 'utf8')).toContain("from '@nestjs/common';");
  });
});

describe('the prettier worker', () => {
  it('never keeps the CLI alive: a run with nothing to format exits as soon as it is done', () => {
    const root = projectWithPrettier(doubleQuotes);
    expect(addGateway(root).status).toBe(0);
    const again = addGateway(root);
    expect(again.signal, 'killed by the timeout: the process did not exit').toBeNull();
    expect(again.stdout).toContain('Nothing to do');
  });
});

describe("prettier's standalone build for TypeScript files", () => {
  const cli = (root: string) => addGateway(root, [], { NODE_DEBUG: 'ws-scaffold' });
  const created = ['src/chat/chat.gateway.ts', 'src/chat/chat.gateway.spec.ts', 'src/chat/chat.events.ts', 'src/websockets/ws-auth.ts', 'src/websockets/ws.config.ts'];

  it('formats them byte for byte as prettier itself does', async () => {
    const root = projectWithPrettier(doubleQuotes);
    const result = cli(root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/prettier: \S+chat\.gateway\.ts with its standalone build/);
    expect(result.stderr).not.toContain('with its API');
    const prettier = (await import(join(root, 'node_modules', 'prettier', 'index.mjs'))) as typeof import('prettier');
    for (const path of created) {
      const text = readFileSync(join(root, path), 'utf8');
      const options = { ...(await prettier.resolveConfig(join(root, path))), filepath: join(root, path) };
      expect(await prettier.format(text, options), path).toBe(text);
    }
  });

  it('leaves a config that names plugins to prettier itself, which loads them', () => {
    // A plugin of the project's own, which the standalone build would not know about.
    const plugin = `const { parsers } = require('prettier/plugins/typescript');
module.exports = { parsers: { typescript: { ...parsers.typescript, preprocess: (text) => text.startsWith('// checked') ? text : '// checked\\n' + text } } };
`;
    const root = projectWithPrettier({
      ...doubleQuotes,
      '.prettierrc': '{ "singleQuote": false, "trailingComma": "all", "plugins": ["./prettier-plugin-checked.cjs"] }\n',
      'prettier-plugin-checked.cjs': plugin,
    });
    const result = cli(root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/prettier: \S+chat\.gateway\.ts with its API/);
    expect(result.stderr).not.toContain('with its standalone build');
    for (const path of created) expect(readFileSync(join(root, path), 'utf8'), path).toMatch(/^\/\/ checked\n/);
  });
});

describe("prettier's answers, kept for the next run", () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'ws-scaffold-answers-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const answers = () => join(base, `ws-scaffold-cache-${process.getuid?.() ?? 'user'}`, 'prettier');
  const cli = (root: string, args: string[], env: Record<string, string> = {}) => {
    const result = addGateway(root, args, { NODE_DEBUG: 'ws-scaffold', NODE_COMPILE_CACHE: base, NODE_DISABLE_COMPILE_CACHE: '', ...env });
    expect(result.status, result.stderr).toBe(0);
    // Which files prettier formatted "with its standalone build", "with the answer of an earlier run", ...
    return (how: string) =>
      result.stderr
        .split('\n')
        .filter((line) => line.endsWith(` with ${how}`))
        .map((line) => line.replace(/^.*prettier: /, '').replace(` with ${how}`, '').slice(root.length + 1));
  };
  const gateway = 'src/chat/chat.gateway.ts';

  it("a dry run's answers are what the real run then writes, without formatting anything again", () => {
    const root = projectWithPrettier(doubleQuotes);
    const dryRun = cli(root, ['--dry-run']);
    expect(dryRun('its standalone build')).toContain(gateway);
    expect(dryRun('the answer of an earlier run')).toEqual([]);
    // Marked, so that the real run shows it wrote the kept answers, not ones it formatted again.
    for (const entry of readdirSync(answers())) writeFileSync(join(answers(), entry), `${readFileSync(join(answers(), entry), 'utf8')}// kept\n`);

    const realRun = cli(root, []);
    expect(realRun('its standalone build')).toEqual([]);
    expect(realRun('the answer of an earlier run')).toEqual(expect.arrayContaining([gateway, 'src/app.module.ts', 'src/main.ts']));
    expect(readFileSync(join(root, gateway), 'utf8')).toMatch(/import \{ Logger, UseFilters, UsePipes \} from "@nestjs\/common";[^]*\/\/ kept\n$/);
  });

  it('another config is another answer', () => {
    const root = projectWithPrettier(doubleQuotes);
    cli(root, ['--dry-run']);
    writeFileSync(join(root, '.prettierrc'), '{ "singleQuote": true, "trailingComma": "all" }\n');
    const realRun = cli(root, []);
    expect(realRun('the answer of an earlier run')).toEqual([]);
    expect(realRun('its standalone build')).toContain(gateway);
    expect(readFileSync(join(root, gateway), 'utf8')).toContain("import { Logger, UseFilters, UsePipes } from '@nestjs/common';");
  });

  it('keeps nothing for a config that names plugins, nor with NODE_DISABLE_COMPILE_CACHE', () => {
    const withPlugin = projectWithPrettier({
      ...doubleQuotes,
      '.prettierrc': '{ "singleQuote": false, "plugins": ["./plugin.cjs"] }\n',
      'plugin.cjs': "module.exports = { parsers: { typescript: require('prettier/plugins/typescript').parsers.typescript } };\n",
    });
    expect(cli(withPlugin, ['--dry-run'])('its API')).toContain(gateway);
    const disabled = projectWithPrettier(doubleQuotes);
    cli(disabled, ['--dry-run'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(cli(disabled, ['--dry-run'], { NODE_DISABLE_COMPILE_CACHE: '1' })('its standalone build')).toContain(gateway);
    expect(existsSync(answers()) ? readdirSync(answers()) : []).toEqual([]);
  });
});
