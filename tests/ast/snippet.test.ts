import { describe, expect, it } from 'vitest';
import { parseSnippet } from '../../src/ast/snippet';

describe('parseSnippet', () => {
  it('splits leading imports from the code, value and type-only alike', () => {
    const snippet = parseSnippet(
      [
        "import { ConnectedSocket, MessageBody } from '@nestjs/websockets';",
        "import type { Socket } from 'socket.io';",
        "import { ChatSendDto, type ChatSendAck } from './chat.events';",
        '',
        "@SubscribeMessage('chat:send')",
        'handle(@MessageBody() payload: ChatSendDto, @ConnectedSocket() client: Socket): ChatSendAck {',
        '  return { ok: true };',
        '}',
        '',
      ].join('\n'),
    );
    expect(snippet.imports).toEqual([
      { symbol: 'ConnectedSocket', moduleSpecifier: '@nestjs/websockets' },
      { symbol: 'MessageBody', moduleSpecifier: '@nestjs/websockets' },
      { symbol: 'Socket', moduleSpecifier: 'socket.io', typeOnly: true },
      { symbol: 'ChatSendDto', moduleSpecifier: './chat.events' },
      { symbol: 'ChatSendAck', moduleSpecifier: './chat.events', typeOnly: true },
    ]);
    expect(snippet.code).toBe("@SubscribeMessage('chat:send')\nhandle(@MessageBody() payload: ChatSendDto, @ConnectedSocket() client: Socket): ChatSendAck {\n  return { ok: true };\n}");
  });

  it('keeps code without imports whole, its leading comment and indentation included', () => {
    const text = '  /** The name of a room. */\n  export const lobbyRoom = (): string => `lobby`;\n';
    expect(parseSnippet(text)).toEqual({ code: text.replace(/\n$/, ''), imports: [] });
  });
});
