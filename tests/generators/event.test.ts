import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { eventGenerator, type EventOptions } from '../../src/generators/event/event.generator';
import { RESERVED_EVENTS } from '../../src/generators/shared/rules';
import { gatewayGenerator, type GatewayOptions } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const settings = (cwd: string, project?: string) => ({ cwd, project, skipInstall: true });
const addEvent = (cwd: string, options: Partial<EventOptions> = {}, project?: string) =>
  runGenerator(eventGenerator, { event: 'chat:send', gateway: 'chat', fields: ['text:string', 'roomId:string?'], ...options }, settings(cwd, project));

async function withGateway(fixture: keyof typeof FIXTURES, options: Partial<GatewayOptions> = {}, project?: string): Promise<string> {
  const root = makeProject(FIXTURES[fixture]);
  await runGenerator(gatewayGenerator, { name: 'chat', ...options }, settings(root, project));
  return root;
}

const cases: { fixture: keyof typeof FIXTURES; gateway?: Partial<GatewayOptions>; project?: string; dir: string; eventGateway?: string; suffix: string }[] = [
  { fixture: 'cjs-jest', dir: 'src/chat', suffix: '' },
  { fixture: 'esm-vitest', dir: 'src/chat', suffix: '.js' },
  { fixture: 'crlf-tabs', dir: 'src/chat', suffix: '' },
  { fixture: 'nested-module', gateway: { name: 'users/chat', flat: true }, dir: 'src/users', eventGateway: 'users/chat', suffix: '' },
  { fixture: 'monorepo', project: 'admin', dir: 'apps/admin/src/chat', suffix: '' },
];

describe('the spec add-event writes of its handler', () => {
  it('comes with the handler, stays on a later run, and not with --no-spec', async () => {
    const root = await withGateway('cjs-jest');
    await addEvent(root);
    const spec = read(root, 'src/chat/chat.chat-send.event.spec.ts');
    expect(spec).toContain("describe(\"ChatGateway: 'chat:send'\"");
    expect(spec).toContain("it('refuses a payload without text'");
    expect((await addEvent(root)).plan.changes).toEqual([]);
    expect(JSON.parse(read(root, 'ws-scaffold.json')).artefacts[1].scaffolded).toEqual(['src/chat/chat.chat-send.event.spec.ts']);
    expect((await checkProject(root)).items).toEqual([]);

    const typing = await addEvent(root, { event: 'typing', fields: [], spec: false });
    expect(typing.plan.changes.map((c) => c.path)).not.toContain('src/chat/chat.typing.event.spec.ts');
  });

  it('is not written for a gateway ws-scaffold did not write (its constructor is unknown), nor without a test runner', async () => {
    const root = await withGateway('cjs-jest');
    // The gateway as if written by hand: the manifest does not record it.
    writeFileSync(join(root, 'ws-scaffold.json'), JSON.stringify({ tool: '0.1.0', artefacts: [] }));
    const result = await addEvent(root, { gateway: 'src/chat/chat.gateway.ts' });
    expect(result.plan.changes.map((c) => c.path)).not.toContain('src/chat/chat.chat-send.event.spec.ts');

    const noRunner = await withGateway('cjs-jest');
    const pkg = JSON.parse(read(noRunner, 'package.json'));
    delete pkg.devDependencies.jest;
    writeFileSync(join(noRunner, 'package.json'), JSON.stringify(pkg, null, 2));
    expect((await addEvent(noRunner)).plan.changes.map((c) => c.path)).not.toContain('src/chat/chat.chat-send.event.spec.ts');
  });
});

describe('add-event on fixture projects', () => {
  for (const c of cases) {
    it(`${c.fixture}: handler, DTO and event maps; a second run changes nothing; check stays clean`, async () => {
      const root = await withGateway(c.fixture, c.gateway, c.project);
      if (c.fixture === 'crlf-tabs') {
        // As the user's editor keeps them: CRLF and tabs; the edits must follow.
        for (const file of ['chat.gateway.ts', 'chat.events.ts']) {
          writeFileSync(join(root, c.dir, file), read(root, `${c.dir}/${file}`).replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)).replace(/\n/g, '\r\n'));
        }
      }
      const first = await addEvent(root, { gateway: c.eventGateway ?? 'chat' }, c.project);
      // With the handler comes its spec, for the project's runner.
      expect(first.plan.changes.map((ch) => ch.path).sort()).toEqual([`${c.dir}/chat.chat-send.event.spec.ts`, `${c.dir}/chat.events.ts`, `${c.dir}/chat.gateway.ts`, 'ws-scaffold.json']);
      const gateway = read(root, `${c.dir}/chat.gateway.ts`);
      expect(gateway).toContain("@SubscribeMessage('chat:send')");
      expect(gateway).toMatch(/handleChatSend\(\s*@MessageBody\(\) payload: ChatSendDto,\s*@ConnectedSocket\(\) client: ChatGatewaySocket,\s*\): ChatSendAck \{/);
      expect(gateway).toMatch(new RegExp(`ChatSendDto,\\s+type ChatSendAck,?\\s+\\} from '\\./chat\\.events${c.suffix.replace('.', '\\.')}'`));
      const events = read(root, `${c.dir}/chat.events.ts`);
      expect(events).toMatch(/export class ChatSendDto \{\s+@Transform\([^\n]+\.trim\(\)[^\n]+\)\s+@IsNotEmpty\(\)\s+@IsString\(\)\s+@MaxLength\(2000\)\s+text!: string;\s+@Transform\([^\n]+\)\s+@IsOptional\(\)/);
      expect(events).toMatch(/^import \{ Transform \} from 'class-transformer';/m);
      expect(events).toMatch(/'chat:send': \(\s*payload: ChatSendDto,\s*ack: \(answer: ChatSendAck \| WsFailure\) => void,?\s*\) => void;/);
      if (c.fixture === 'crlf-tabs') {
        for (const text of [gateway, events]) {
          expect(text.replace(/\r\n/g, '')).not.toContain('\n');
          expect(text).not.toMatch(/^ {2}/m);
        }
      }

      const after = snapshotTree(root);
      const second = await addEvent(root, { gateway: c.eventGateway ?? 'chat' }, c.project);
      expect(second.plan.changes).toEqual([]);
      expect(snapshotTree(root)).toEqual(after);
      if (!c.project) expect((await checkProject(root)).items).toEqual([]);
    });
  }

  it('--broadcast: no ack, the payload goes on to the other clients, typed in the server-to-client map', async () => {
    const root = await withGateway('cjs-jest');
    await addEvent(root, { event: 'typing', fields: ['draft:boolean'], broadcast: true });
    const gateway = read(root, 'src/chat/chat.gateway.ts');
    expect(gateway).toMatch(/handleTyping\([\s\S]*?\): void \{\s+this\.server\.except\(client\.id\)\.emit\('typing', \{ draft: payload\.draft, from: client\.id \}\);/);
    const events = read(root, 'src/chat/chat.events.ts');
    expect(events).toMatch(/export interface ChatServerToClientEvents \{[\s\S]*?\n\s+typing: \(payload: ChatTypingBroadcast\) => void;\s+\}/);
    expect(events).toMatch(/export interface ChatTypingBroadcast \{\s+from: string;\s+draft: boolean;\s+\}/);
    expect(events).toContain('typing: (payload: ChatTypingDto) => void;');
  });

  it('keeps a handler the user filled in; refuses one for the same event with another shape, writing nothing', async () => {
    const root = await withGateway('cjs-jest');
    await addEvent(root);
    const file = join(root, 'src/chat/chat.gateway.ts');
    const filled = read(root, 'src/chat/chat.gateway.ts').replace('// Handle the validated payload here (better: in an injected service).', 'this.logger.log(payload.text);');
    writeFileSync(file, filled);
    expect((await addEvent(root)).plan.changes).toEqual([]);

    writeFileSync(file, filled.replace('payload: ChatSendDto', 'payload: string'));
    const before = snapshotTree(root);
    const error = await addEvent(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).message).toContain("handleChatSend() already handles 'chat:send' with another shape");
    expect((error as RefusalError).snippet).toContain("@SubscribeMessage('chat:send')");
    expect(read(root, 'src/chat/chat.gateway.ts').split('\n')[(error as RefusalError).line! - 1]).toContain("@SubscribeMessage('chat:send')");
    expect(snapshotTree(root)).toEqual(before);

    // Different fields for an existing DTO: refused as well.
    const other = await addEvent(root, { fields: ['text:number'] }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(RefusalError);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('recognises a handler and a map key whose event name is imported from a constants file: nothing to add, check clean', async () => {
    const root = await withGateway('esm-vitest');
    await addEvent(root);
    writeFileSync(join(root, 'src/chat/chat.constants.ts'), "export const ChatEvents = { Send: 'chat:send' } as const;\n");
    const importLine = "import { ChatEvents } from './chat.constants.js';\n";
    for (const [file, from, to] of [
      ['chat.gateway.ts', "@SubscribeMessage('chat:send')", '@SubscribeMessage(ChatEvents.Send)'],
      ['chat.events.ts', "'chat:send': (", '[ChatEvents.Send]: ('],
    ]) {
      const text = read(root, `src/chat/${file}`);
      expect(text).toContain(from);
      writeFileSync(join(root, 'src/chat', file), importLine + text.replace(from, to));
    }
    expect((await addEvent(root)).plan.changes).toEqual([]);
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('refuses reserved event names and bad input with a usage error before planning anything', async () => {
    const root = await withGateway('cjs-jest');
    const before = snapshotTree(root);
    for (const event of RESERVED_EVENTS) {
      await expect(addEvent(root, { event })).rejects.toThrow(new RegExp(`"${event}" is a reserved event name`));
    }
    await expect(addEvent(root, { event: 'chat send' })).rejects.toBeInstanceOf(UsageError);
    await expect(addEvent(root, { fields: ['text:date'] })).rejects.toThrow(/--field text:date/);
    await expect(addEvent(root, { fields: ['a:string', 'a:number'] })).rejects.toThrow(/given twice/);
    await expect(addEvent(root, { gateway: 'orders' })).rejects.toThrow(/--gateway orders: no gateway found/);
    await expect(addEvent(root, { gateway: 'src/none.gateway.ts' })).rejects.toThrow(/no such file/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('works on a gateway given by file, found through ws-scaffold.json when it lives elsewhere', async () => {
    const root = await withGateway('cjs-jest', { name: 'live', path: 'realtime', namespace: '/feed' });
    await addEvent(root, { gateway: 'live', event: 'ping', fields: [] });
    expect(read(root, 'src/realtime/live/live.gateway.ts')).toContain("@SubscribeMessage('ping')");
    expect(read(root, 'src/realtime/live/live.events.ts')).toContain('export class LivePingDto {}');
    const again = await addEvent(root, { gateway: 'src/realtime/live/live.gateway.ts', event: 'ping', fields: [] });
    expect(again.plan.changes.map((ch) => ch.path)).toEqual(['ws-scaffold.json']); // recorded under the name given
  });
});
