import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lobbyRoom,
  type ChatLobbyRoomMessage,
  type ChatLobbyJoined,
  type ChatClientToServerEvents,
  type ChatServerToClientEvents,
} from '../src/chat/chat.events.js';
import {
  startWsApp,
  tokenFor,
  type ConnectOptions,
  type WsTestApp,
} from './websockets/ws-test-app.js';

describe('ChatGateway (e2e): the lobby room', () => {
  let ws: WsTestApp;
  const connect = (options: ConnectOptions) =>
    ws.connect<ChatServerToClientEvents, ChatClientToServerEvents>(
      '/chat',
      options,
    );
  const room = lobbyRoom();
  const which = {};

  beforeAll(async () => {
    ws = await startWsApp();
  });

  afterAll(async () => {
    await ws.close();
  });

  it("delivers a member's message to the other members, once joined", async () => {
    const alice = await connect({ token: tokenFor('alice') });
    const bob = await connect({ token: tokenFor('bob') });
    const message = { text: 'hello' };
    expect(await alice.emitWithAck('lobby:message', message)).toEqual({
      ok: false,
      room,
      reason: 'not a member',
    });
    expect(await alice.emitWithAck('lobby:join', which)).toEqual({ ok: true, room });
    expect(await bob.emitWithAck('lobby:join', which)).toEqual({ ok: true, room });
    const received = new Promise<ChatLobbyRoomMessage>((resolve) =>
      bob.once('lobby:message', resolve),
    );
    expect(await alice.emitWithAck('lobby:message', message)).toEqual({ ok: true, room });
    expect(await received).toEqual({ room, from: 'alice', text: 'hello' });

    expect(await alice.emitWithAck('lobby:leave', which)).toEqual({ ok: true, room });
    expect(await alice.emitWithAck('lobby:message', message)).toEqual({
      ok: false,
      room,
      reason: 'not a member',
    });
    // The room is empty again for the next case.
    expect(await bob.emitWithAck('lobby:leave', which)).toEqual({ ok: true, room });
  });

  it('tells the members of a join, and counts them for a member', async () => {
    const alice = await connect({ token: tokenFor('alice') });
    const bob = await connect({ token: tokenFor('bob') });
    expect(await alice.emitWithAck('lobby:join', which)).toEqual({ ok: true, room });
    const joined = new Promise<ChatLobbyJoined>((resolve) =>
      alice.once('lobby:joined', resolve),
    );
    expect(await bob.emitWithAck('lobby:join', which)).toEqual({ ok: true, room });
    expect(await joined).toEqual({ room, user: 'bob' });
    expect(await bob.emitWithAck('lobby:members', which)).toEqual({
      ok: true,
      room,
      members: 2,
    });
    for (const member of [alice, bob]) {
      expect(await member.emitWithAck('lobby:leave', which)).toEqual({ ok: true, room });
    }
  });
});
