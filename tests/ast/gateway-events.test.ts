import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredClientEvents, subscribedEvents } from '../../src/nest/gateway-events';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/ensure-message-handler', name, 'input.ts'), 'utf8');
/** A tree of project files, as the plan's tree reads them. */
const files = (tree: Record<string, string>) => (path: string) => tree[path];

const gateway = (imports: string, ...events: string[]) =>
  [imports, 'class G {', ...events.map((e, i) => `  @SubscribeMessage(${e}) h${i}() {}`), '}'].join('\n');

describe('subscribedEvents', () => {
  it('reads literals, same-file consts, enum members and const-object properties', () => {
    expect(subscribedEvents('a.gateway.ts', fixture('constant-event-recognised'))).toEqual({ names: ['message'], unreadable: 0 });
    expect(subscribedEvents('a.gateway.ts', fixture('enum-event-other-shape-refused'))).toEqual({ names: ['chat:typing', 'chat:send'], unreadable: 0 });
  });

  it('counts what it cannot read: let, undeclared names, and imports when it may not read files', () => {
    const text = [
      "import { IMPORTED } from './events';",
      "let mutable = 'x';",
      gateway('', 'IMPORTED', 'mutable', 'UNDECLARED', "'literal'"),
    ].join('\n');
    expect(subscribedEvents('b.gateway.ts', text)).toEqual({ names: ['literal'], unreadable: 3 });
  });

  it('reads names imported from project files: named, aliased, namespace, enum, const object, .js suffix, index.ts', () => {
    const tree = files({
      'src/chat/chat.constants.ts': "export const SEND = 'chat:send';\nexport enum ChatEvents { Typing = 'chat:typing' }\nexport const EVENTS = { leave: 'chat:leave' } as const;\n",
      'src/shared/index.ts': "export const JOIN = 'chat:join';\n",
    });
    const text = gateway(
      [
        "import { SEND, ChatEvents as Events } from './chat.constants.js';",
        "import * as constants from './chat.constants';",
        "import { EVENTS } from './chat.constants';",
        "import { JOIN } from '../shared';",
      ].join('\n'),
      'SEND',
      'Events.Typing',
      'constants.SEND',
      'EVENTS.leave',
      'JOIN',
    );
    expect(subscribedEvents('src/chat/chat.gateway.ts', text, tree)).toEqual({ names: ['chat:send', 'chat:typing', 'chat:send', 'chat:leave', 'chat:join'], unreadable: 0 });
  });

  it('follows barrels (export { X } from, export * from) and stops on packages, missing files and cycles', () => {
    const tree = files({
      'src/events/index.ts': "export { SEND as CHAT_SEND } from './names';\nexport * from './more';\n",
      'src/events/names.ts': "export const SEND = 'chat:send';\n",
      'src/events/more.ts': "export enum More { Ping = 'ping' }\n",
      'src/loop/a.ts': "export * from './b';\n",
      'src/loop/b.ts': "export * from './a';\n",
    });
    const text = gateway(
      [
        "import { CHAT_SEND, More } from './events';",
        "import { FROM_PACKAGE } from '@acme/events';",
        "import { MISSING } from './nowhere';",
        "import { LOOPED } from './loop/a';",
      ].join('\n'),
      'CHAT_SEND',
      'More.Ping',
      'FROM_PACKAGE',
      'MISSING',
      'LOOPED',
    );
    expect(subscribedEvents('src/chat.gateway.ts', text, tree)).toEqual({ names: ['chat:send', 'ping'], unreadable: 3 });
  });

  it('follows tsconfig paths aliases (a Nest monorepo library): exact keys and the longest wildcard', () => {
    const tree = Object.assign(
      files({
        'libs/shared/src/index.ts': "export * from './events';\n",
        'libs/shared/src/events.ts': "export enum ChatEvents { Send = 'chat:send' }\n",
        'libs/special/names.ts': "export const SPECIAL = 'special';\n",
      }),
      { aliases: { '@app/shared': ['libs/shared/src'], '@app/shared/*': ['libs/shared/src/*'], '@app/shared/special/*': ['libs/special/*'] } },
    );
    const text = gateway(
      [
        "import { ChatEvents } from '@app/shared';",
        "import { ChatEvents as Direct } from '@app/shared/events';",
        "import { SPECIAL } from '@app/shared/special/names';",
        "import { OTHER } from '@app/other';",
      ].join('\n'),
      'ChatEvents.Send',
      'Direct.Send',
      'SPECIAL',
      'OTHER',
    );
    expect(subscribedEvents('apps/api/src/chat/chat.gateway.ts', text, tree)).toEqual({ names: ['chat:send', 'chat:send', 'special'], unreadable: 1 });
  });
});

describe('declaredClientEvents', () => {
  it('reads plain, quoted and computed keys, the computed ones through imports too', () => {
    const tree = files({ 'src/chat/chat.constants.ts': "export enum ChatEvents { Send = 'chat:send' }\n" });
    const text = [
      "import { ChatEvents } from './chat.constants';",
      "const LOCAL = 'local';",
      'export interface ChatClientToServerEvents {',
      '  message: (payload: string) => void;',
      "  'chat:typing': () => void;",
      '  [ChatEvents.Send]: (payload: string) => void;',
      '  [LOCAL](): void;',
      '  [UNKNOWN]: () => void;',
      '}',
    ].join('\n');
    expect(declaredClientEvents('src/chat/chat.events.ts', text, tree)).toEqual({ names: ['message', 'chat:typing', 'chat:send', 'local'], unreadable: 1 });
    expect(declaredClientEvents('src/chat/chat.events.ts', text)).toEqual({ names: ['message', 'chat:typing', 'local'], unreadable: 2 });
  });
});
