import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Test } from '@nestjs/testing';
import { WsAuthVerifier } from '../websockets/ws-auth.js';
import { ChatGateway } from './chat.gateway.js';
import {
  lobbyRoom,
  ChatLobbyRoomMessageDto,
  ChatLobbyRoomDto,
  type ChatGatewaySocket,
} from './chat.events.js';

/** A client as the handlers see it: its rooms, and what it sends to a room. */
function fakeClient(user?: { id: string }) {
  const rooms = new Set<string>();
  const emit = vi.fn();
  const to = vi.fn(() => ({ emit }));
  const client = {
    id: 'socket-1',
    data: { user },
    rooms,
    join: (name: string) => {
      rooms.add(name);
    },
    leave: (name: string) => {
      rooms.delete(name);
    },
    to,
  } as unknown as ChatGatewaySocket;
  return { client, rooms, emit, to };
}

describe('ChatGateway: the lobby room', () => {
  let gateway: ChatGateway;
  const room = lobbyRoom();
  const which = Object.assign(new ChatLobbyRoomDto(), {});
  const message = Object.assign(new ChatLobbyRoomMessageDto(), { text: 'hello' });

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  it('joins an authenticated identity and answers through the ack', async () => {
    const { client, rooms, to, emit } = fakeClient({ id: 'alice' });
    expect(await gateway.handleLobbyJoin(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(true);
    expect(to).toHaveBeenCalledWith(room);
    expect(emit).toHaveBeenCalledWith('lobby:joined', { room, user: 'alice' });
  });

  it('refuses a join without an identity (canJoin)', async () => {
    const { client, rooms } = fakeClient();
    expect(await gateway.handleLobbyJoin(which, client)).toEqual({ ok: false, room, reason: 'forbidden' });
    expect(rooms.size).toBe(0);
  });

  it('sends a message to the other members once joined, not before', async () => {
    const { client, to, emit } = fakeClient({ id: 'alice' });
    expect(gateway.handleLobbyMessage(message, client)).toEqual({ ok: false, room, reason: 'not a member' });
    await gateway.handleLobbyJoin(which, client);
    expect(gateway.handleLobbyMessage(message, client)).toEqual({ ok: true, room });
    expect(to).toHaveBeenCalledWith(room);
    expect(emit).toHaveBeenCalledWith('lobby:message', { room, from: 'alice', text: 'hello' });
  });

  it('leaves', async () => {
    const { client, rooms } = fakeClient({ id: 'alice' });
    await gateway.handleLobbyJoin(which, client);
    expect(await gateway.handleLobbyLeave(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(false);
  });
});
