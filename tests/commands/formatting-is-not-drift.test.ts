import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { GENERATORS } from '../../src/generators/registry';
import { FIXTURES, makeProject, projectWithPrettier, snapshotTree } from '../support/projects';

/**
 * The drift check and re-runs after the project's formatter rewrote the generated code: the
 * reproductions of the issue, with the project's own prettier, then what a re-run inserts into
 * files written without semicolons, and where sync puts back what was removed.
 */
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const write = (root: string, path: string, text: string) => writeFileSync(join(root, path), text);
const run = async (root: string, kind: string, options: Record<string, unknown>) =>
  runGenerator(await GENERATORS[kind](), options as never, { cwd: root, skipInstall: true });

async function formatTree(root: string, options: prettier.Options): Promise<void> {
  const walk = async (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) await walk(path);
      else if (path.endsWith('.ts')) write(root, path, await prettier.format(read(root, path), { ...options, filepath: path }));
    }
  };
  await walk('src');
}

describe('formatting is not drift', () => {
  it("parentheses that change nothing in the Redis adapter (a formatter's choice): check is clean, a re-run changes nothing", async () => {
    const root = projectWithPrettier(FIXTURES['esm-vitest']);
    await run(root, 'gateway', { name: 'chat' });
    await run(root, 'adapter', { kind: 'redis' });
    // Where one formatter keeps parentheses another drops: they used to count as code.
    const file = join(root, 'src/websockets/redis-io.adapter.ts');
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('await client.quit();');
    writeFileSync(file, written.replace('await client.quit();', 'await (client.quit());').replace("client.status === 'ready'", "(client.status === 'ready')"));
    expect((await checkProject(root)).items).toEqual([]);
    const before = snapshotTree(root);
    expect((await run(root, 'adapter', { kind: 'redis' })).plan.changes).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('semi: false and printWidth 140 rewrite the room ack type: add-room again is nothing to do, check is clean', async () => {
    const root = projectWithPrettier({ ...FIXTURES['cjs-jest'], '.prettierrc': '{ "semi": false, "printWidth": 140, "singleQuote": true }\n' });
    await run(root, 'gateway', { name: 'chat' });
    await run(root, 'room', { room: 'lobby', gateway: 'chat' });
    expect(read(root, 'src/chat/chat.events.ts')).toMatch(/export type ChatLobbyRoomAck = \{ ok: true; room: string; members\?: number \} \| \{ ok: false/);
    const before = snapshotTree(root);
    expect((await run(root, 'room', { room: 'lobby', gateway: 'chat' })).plan.changes).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('after prettier --no-semi --print-width 140 --trailing-comma none --arrow-parens avoid --no-bracket-spacing on src/, check is clean', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    for (const [kind, options] of [
      ['gateway', { name: 'chat' }],
      ['room', { room: 'lobby', gateway: 'chat' }],
      ['event', { event: 'typing', gateway: 'chat', fields: ['draft:string'] }],
      ['adapter', { kind: 'redis' }],
    ] as const) await run(root, kind, options);
    await formatTree(root, { semi: false, printWidth: 140, trailingComma: 'none', arrowParens: 'avoid', bracketSpacing: false });
    expect((await checkProject(root)).items).toEqual([]);
  });
});

describe('inserted code follows the file', () => {
  it('a re-run into files without semicolons writes none, and a refilled event map loses its lint exception', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, 'gateway', { name: 'chat' });
    await formatTree(root, { semi: false, singleQuote: true });
    await run(root, 'event', { event: 'typing', gateway: 'chat', broadcast: true, fields: ['draft:boolean'] });
    await run(root, 'room', { room: 'lobby', gateway: 'chat' });
    const events = read(root, 'src/chat/chat.events.ts');
    const gateway = read(root, 'src/chat/chat.gateway.ts');
    for (const [path, text] of [['events', events], ['gateway', gateway]]) {
      const withSemicolon = text.split('\n').filter((line) => /;\s*$/.test(line) && !/^\s*(\/\/|\*)/.test(line));
      expect(withSemicolon, path).toEqual([]);
    }
    expect(events).toContain('typing: (payload: ChatTypingDto) => void');
    // The server-to-client map was empty (hence the exception); now it has members.
    expect(events).not.toContain('eslint-disable-next-line @typescript-eslint/no-empty-object-type');
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('double quotes: inserted string literals follow the file', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, 'gateway', { name: 'chat' });
    await formatTree(root, { singleQuote: false });
    await run(root, 'room', { room: 'lobby', gateway: 'chat' });
    expect(read(root, 'src/chat/chat.gateway.ts')).toContain('@SubscribeMessage("lobby:join")');
    expect(read(root, 'src/chat/chat.gateway.ts')).not.toContain("@SubscribeMessage('lobby:join')");
  });
});

describe('sync puts back a removed entry where the first run put it', () => {
  it('a gateway removed from providers goes back between its neighbours, not at the end', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, 'gateway', { name: 'chat' });
    await run(root, 'gateway', { name: 'news' });
    const module = read(root, 'src/app.module.ts');
    expect(module).toContain('providers: [ChatGateway, NewsGateway]');
    for (const [entry, without] of [['ChatGateway, ', ''], [', NewsGateway', ''], ['imports: [WebsocketsModule]', 'imports: []']]) {
      write(root, 'src/app.module.ts', module.replace(entry, without));
      const report = await checkProject(root);
      expect(report.items.map((i) => i.kind)).toEqual(['fragment-missing']);
      await checkProject(root, { repair: true });
      expect(read(root, 'src/app.module.ts')).toBe(module);
    }
  });
});

describe('a drift report shows the change that matters', () => {
  it('in an owned file the project reformatted, the diff holds the changed line, not the formatting', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, 'gateway', { name: 'chat' });
    await formatTree(root, { useTabs: true, singleQuote: false, semi: false });
    const path = 'src/websockets/ws.config.ts';
    write(root, path, read(root, path).replace('DEFAULT_MAX_PAYLOAD_BYTES = 1_000_000', 'DEFAULT_MAX_PAYLOAD_BYTES = 2_000_000'));
    const [item] = (await checkProject(root)).items;
    expect(item).toMatchObject({ kind: 'owned-file-edited', path, repairable: true });
    const changed = item.diff!.split('\n').filter((line) => /^[-+](?![-+])/.test(line));
    expect(changed).toEqual(['-export const DEFAULT_MAX_PAYLOAD_BYTES = 2_000_000', '+export const DEFAULT_MAX_PAYLOAD_BYTES = 1_000_000;']);
    await checkProject(root, { repair: true });
    expect((await checkProject(root)).items).toEqual([]);
  });
});
