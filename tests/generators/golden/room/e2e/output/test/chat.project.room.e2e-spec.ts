import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  projectRoom,
  type ChatProjectRoomMessage,
  type ChatClientToServerEvents,
  type ChatServerToClientEvents,
} from '../src/chat/chat.events.js';
import {
  startWsApp,
  tokenFor,
  type ConnectOptions,
  type WsTestApp,
} from './websockets/ws-test-app.js';

describe('ChatGateway (e2e): the project room', () => {
  let ws: WsTestApp;
  const connect = (options: ConnectOptions) =>
    ws.connect<ChatServerToClientEvents, ChatClientToServerEvents>(
      '/chat',
      options,
    );
  const room = projectRoom('42');
  const which = { id: '42' };

  beforeAll(async () => {
    ws = await startWsApp();
  });

  afterAll(async () => {
    await ws.close();
  });

  it("delivers a member's message to the other members, once joined", async () => {
    const alice = await connect({ token: tokenFor('alice') });
    const bob = await connect({ token: tokenFor('bob') });
    const message = { id: '42', text: 'hello' };
    expect(await alice.emitWithAck('project:message', message)).toEqual({
      ok: false,
      room,
      reason: 'not a member',
    });
    expect(await alice.emitWithAck('project:join', which)).toEqual({ ok: true, room });
    expect(await bob.emitWithAck('project:join', which)).toEqual({ ok: true, room });
    const received = new Promise<ChatProjectRoomMessage>((resolve) =>
      bob.once('project:message', resolve),
    );
    expect(await alice.emitWithAck('project:message', message)).toEqual({ ok: true, room });
    expect(await received).toEqual({ room, from: 'alice', text: 'hello' });

    expect(await alice.emitWithAck('project:leave', which)).toEqual({ ok: true, room });
    expect(await alice.emitWithAck('project:message', message)).toEqual({
      ok: false,
      room,
      reason: 'not a member',
    });
    // The room is empty again for the next case.
    expect(await bob.emitWithAck('project:leave', which)).toEqual({ ok: true, room });
  });
});
