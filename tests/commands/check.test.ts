import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject, type DriftKind } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

/** A fixture project with one generated gateway, in sync. */
async function generated(): Promise<string> {
  const root = makeProject(FIXTURES['cjs-jest']);
  await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
  return root;
}
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const edit = (root: string, path: string, change: (text: string) => string) => writeFileSync(join(root, path), change(read(root, path)));
const kinds = async (root: string) => (await checkProject(root)).items.map((i) => i.kind);

/** Make the drift; check reports exactly it; sync repairs it; check is then clean. */
async function driftCycle(root: string, expected: DriftKind[]) {
  expect(await kinds(root)).toEqual(expected);
  const synced = await checkProject(root, { repair: true });
  expect(synced.items.map((i) => i.kind)).toEqual(expected);
  expect(await kinds(root)).toEqual([]);
}

describe('drift check', () => {
  it('records the artefact in ws-scaffold.json, and a fresh project is in sync', async () => {
    const root = await generated();
    const manifest = JSON.parse(read(root, 'ws-scaffold.json'));
    expect(manifest.artefacts).toEqual([
      expect.objectContaining({ kind: 'gateway', name: 'chat', options: { name: 'chat' }, scaffolded: expect.arrayContaining(['src/chat/chat.gateway.ts']) }),
    ]);
    expect(await kinds(root)).toEqual([]);
  });

  it('a monorepo project artefact is checked in its own project', async () => {
    const root = makeProject(FIXTURES.monorepo);
    await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, project: 'admin', skipInstall: true });
    expect(JSON.parse(read(root, 'ws-scaffold.json')).artefacts[0].project).toBe('admin');
    expect(await kinds(root)).toEqual([]);
  });

  it('an owned file edited by hand', async () => {
    const root = await generated();
    edit(root, 'src/websockets/ws.config.ts', (t) => t.replace('DEFAULT_MAX_PAYLOAD_BYTES = 1_000_000', 'DEFAULT_MAX_PAYLOAD_BYTES = 5'));
    const [item] = (await checkProject(root)).items;
    expect(item).toMatchObject({ kind: 'owned-file-edited', path: 'src/websockets/ws.config.ts', repairable: true });
    expect(item.diff).toContain('-export const DEFAULT_MAX_PAYLOAD_BYTES = 5;');
    expect(item.diff).toContain('+export const DEFAULT_MAX_PAYLOAD_BYTES = 1_000_000;');
    await driftCycle(root, ['owned-file-edited']);
  });

  it('an owned file missing', async () => {
    const root = await generated();
    rmSync(join(root, 'src/websockets/ws-exceptions.filter.ts'));
    await driftCycle(root, ['owned-file-missing']);
  });

  it('an owned file from an older template version', async () => {
    const root = await generated();
    edit(root, 'src/websockets/ws-auth.ts', (t) => t.replace(/\(template v\d+\)/, '(template v0)'));
    await driftCycle(root, ['older-template']);
  });

  it('a project from template v2: sync rewrites the kit; a --no-auth gateway without allowAnonymous() is reported until it has it', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(gatewayGenerator, { name: 'feed', auth: false }, { cwd: root, skipInstall: true });
    // What template v2 wrote: no ws-auth.ts for a --no-auth app, and a gateway that declares nothing.
    rmSync(join(root, 'src/websockets/ws-auth.ts'));
    edit(root, 'src/websockets/secure-io.adapter.ts', (t) => t.replace('(template v4)', '(template v2)'));
    edit(root, 'src/feed/feed.gateway.ts', (t) => t.replace(/import \{ allowAnonymous \}.*\n/, '').replace(/afterInit\(server: Namespace\): void \{\n.*\n.*allowAnonymous\(server\);\n/, 'afterInit(): void {\n'));
    const before = await checkProject(root);
    expect(before.items.map((i) => i.kind).sort()).toEqual(['anonymous-gateway-undeclared', 'older-template', 'owned-file-missing']);
    expect(before.items.find((i) => i.kind === 'anonymous-gateway-undeclared')).toMatchObject({ path: 'src/feed/feed.gateway.ts', repairable: false });
    const synced = await checkProject(root, { repair: true });
    expect(synced.items.map((i) => i.kind).sort()).toEqual(['anonymous-gateway-undeclared', 'older-template', 'owned-file-missing']);
    expect(read(root, 'src/websockets/secure-io.adapter.ts')).toContain('export function allowAnonymous(');
    expect(await kinds(root)).toEqual(['anonymous-gateway-undeclared']);
    edit(root, 'src/feed/feed.gateway.ts', (t) =>
      `import { allowAnonymous } from '../websockets/secure-io.adapter';\n${t.replace('afterInit(): void {\n', 'afterInit(server: Namespace): void {\n    allowAnonymous(server);\n')}`,
    );
    expect(await kinds(root)).toEqual([]);
  });

  it('the gateway no longer registered in its module', async () => {
    const root = await generated();
    edit(root, 'src/app.module.ts', (t) => t.replace('providers: [ChatGateway]', 'providers: []'));
    const [item] = (await checkProject(root)).items;
    expect(item.message).toContain('ChatGateway in providers');
    await driftCycle(root, ['fragment-missing']);
  });

  it('the adapter unwired, or wired after listen()', async () => {
    const root = await generated();
    edit(root, 'src/main.ts', (t) => t.replace('  app.useWebSocketAdapter(new SecureIoAdapter(app));\n', ''));
    await driftCycle(root, ['fragment-missing']);
    edit(root, 'src/main.ts', (t) =>
      t.replace('  app.useWebSocketAdapter(new SecureIoAdapter(app));\n', '').replace(/( +await app\.listen\(.*\);\n)/, '$1  app.useWebSocketAdapter(new SecureIoAdapter(app));\n'),
    );
    await driftCycle(root, ['fragment-missing']);
    const main = read(root, 'src/main.ts');
    expect(main.indexOf('useWebSocketAdapter')).toBeLessThan(main.indexOf('app.listen'));
  });

  it('a dependency removed from package.json', async () => {
    const root = await generated();
    edit(root, 'package.json', (t) => t.replace(/\s*"class-validator": "[^"]+",?/, ''));
    await driftCycle(root, ['dependency-missing']);
  });

  it('an entry pointing at nothing is reported, and sync says it cannot repair it', async () => {
    const root = await generated();
    rmSync(join(root, 'src/chat/chat.gateway.ts'));
    const before = snapshotTree(root);
    const synced = await checkProject(root, { repair: true });
    expect(synced.items).toEqual([expect.objectContaining({ kind: 'entry-without-artefact', repairable: false, fix: expect.stringContaining('ws-scaffold add-gateway chat') })]);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a module ws-scaffold can no longer read is reported as unrepairable', async () => {
    const root = await generated();
    edit(root, 'src/app.module.ts', (t) => t.replace(/@Module\(\{[\s\S]*?\}\)/, '@Module(metadata)'));
    const { items } = await checkProject(root, { repair: true });
    expect(items).toEqual([expect.objectContaining({ kind: 'cannot-check', repairable: false })]);
  });

  it('formatting is not drift: another prettier style, CRLF line endings', async () => {
    const root = await generated();
    edit(root, 'src/websockets/ws.config.ts', (t) => t.replace(/'/g, '"').replace(/;\n/g, '\n').replace(/\n/g, '\r\n'));
    edit(root, 'src/websockets/secure-io.adapter.ts', (t) => t.replace(/,\n(\s*)\)/g, '\n$1)').replace(/\n {2}/g, '\n    '));
    edit(root, 'src/app.module.ts', (t) => t.replace(/\n/g, '\r\n'));
    expect(await kinds(root)).toEqual([]);
  });

  it('an event in the map without a handler, and a handler without an entry: reported, left to the user', async () => {
    const root = await generated();
    edit(root, 'src/chat/chat.gateway.ts', (t) => t.replace("@SubscribeMessage('message')", "@SubscribeMessage('chat:send')"));
    const { items } = await checkProject(root, { repair: true });
    expect(items.map((i) => [i.kind, i.repairable]).sort()).toEqual([['event-without-handler', false], ['handler-without-event', false]]);
    expect(items.find((i) => i.kind === 'event-without-handler')?.message).toContain("'message' is in the event map");
  });

  it('event names the gateway imports from its own files are read; names it cannot read make no finding', async () => {
    const root = await generated();
    writeFileSync(join(root, 'src/chat/chat.constants.ts'), "export enum ChatEvents {\n  Message = 'message',\n}\n");
    edit(root, 'src/chat/chat.gateway.ts', (t) => t.replace("@SubscribeMessage('message')", '@SubscribeMessage(ChatEvents.Message)').replace(/^/, "import { ChatEvents } from './chat.constants';\n"));
    expect(await kinds(root)).toEqual([]);

    // The enum now says another event: the map's 'message' has no handler, the handler no entry.
    writeFileSync(join(root, 'src/chat/chat.constants.ts'), "export enum ChatEvents {\n  Message = 'chat:send',\n}\n");
    expect((await kinds(root)).sort()).toEqual(['event-without-handler', 'handler-without-event']);

    // A constant from a package could be any event: neither finding can be made.
    edit(root, 'src/chat/chat.gateway.ts', (t) => t.replace("from './chat.constants'", "from '@acme/chat-events'"));
    expect(await kinds(root)).toEqual([]);
  });

  it('reads event names from a library behind a tsconfig paths alias', async () => {
    const root = await generated();
    writeFileSync(join(root, 'tsconfig.json'), '{\n  "compilerOptions": {\n    "baseUrl": "./",\n    "paths": { "@app/shared": ["libs/shared/src"] }\n  }\n}\n');
    mkdirSync(join(root, 'libs/shared/src'), { recursive: true });
    writeFileSync(join(root, 'libs/shared/src/index.ts'), "export const CHAT_MESSAGE = 'message';\n");
    edit(root, 'src/chat/chat.gateway.ts', (t) => t.replace("@SubscribeMessage('message')", '@SubscribeMessage(CHAT_MESSAGE)').replace(/^/, "import { CHAT_MESSAGE } from '@app/shared';\n"));
    expect(await kinds(root)).toEqual([]);
    writeFileSync(join(root, 'libs/shared/src/index.ts'), "export const CHAT_MESSAGE = 'chat:message';\n");
    expect((await kinds(root)).sort()).toEqual(['event-without-handler', 'handler-without-event']);
  });

  it('a real prettier run with a different config over every owned file is not drift', async () => {
    const root = await generated();
    const prettier = require('prettier') as typeof import('prettier');
    const manifest = JSON.parse(read(root, 'ws-scaffold.json'));
    for (const file of manifest.artefacts[0].owns as string[]) {
      const formatted = await prettier.format(read(root, file), { parser: 'typescript', semi: false, singleQuote: false, printWidth: 120, tabWidth: 4, trailingComma: 'none', endOfLine: 'crlf' });
      expect(formatted).not.toBe(read(root, file));
      writeFileSync(join(root, file), formatted);
    }
    expect(await kinds(root)).toEqual([]);
  });

  it('the CLI exits 2 on drift with the fixing command, 0 when clean, and has a stable --json shape', async () => {
    const root = await generated();
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ws-scaffold.js'), ...args, '--cwd', root], { encoding: 'utf8' });
    expect(cli('check').status).toBe(0);
    rmSync(join(root, 'src/websockets/ws.config.ts'));
    const human = cli('check');
    expect(human.status).toBe(2);
    expect(human.stdout).toContain('[owned-file-missing] gateway chat: src/websockets/ws.config.ts is missing');
    expect(human.stdout).toContain('fix: ws-scaffold sync');
    const json = JSON.parse(cli('check', '--json').stdout);
    expect(Object.keys(json)).toEqual(['ok', 'command', 'clean', 'artefacts', 'drift', 'exitCode']);
    expect(Object.keys(json.drift[0])).toEqual(['artefact', 'kind', 'path', 'message', 'fix', 'repairable', 'diff']);
    expect(cli('sync', '--dry-run').status).toBe(0);
    expect(cli('check').status).toBe(2);
    expect(cli('sync').status).toBe(0);
    expect(cli('check').status).toBe(0);
    const noManifest = makeProject(FIXTURES['cjs-jest']);
    const missing = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ws-scaffold.js'), 'check', '--cwd', noManifest], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no ws-scaffold.json');
  }, 120_000); // eight CLI processes, on two cores that may be busy
});
