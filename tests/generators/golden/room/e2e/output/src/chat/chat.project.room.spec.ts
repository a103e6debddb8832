import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Test } from '@nestjs/testing';
import { WsAuthVerifier } from '../websockets/ws-auth.js';
import { ChatGateway } from './chat.gateway.js';
import {
  projectRoom,
  ChatProjectRoomMessageDto,
  ChatProjectRoomDto,
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

describe('ChatGateway: the project room', () => {
  let gateway: ChatGateway;
  const room = projectRoom('42');
  const which = Object.assign(new ChatProjectRoomDto(), { id: '42' });
  const message = Object.assign(new ChatProjectRoomMessageDto(), { id: '42', text: 'hello' });

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  it('joins an authenticated identity and answers through the ack', async () => {
    const { client, rooms } = fakeClient({ id: 'alice' });
    expect(await gateway.handleProjectJoin(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(true);
  });

  it('refuses a join without an identity (canJoin)', async () => {
    const { client, rooms } = fakeClient();
    expect(await gateway.handleProjectJoin(which, client)).toEqual({ ok: false, room, reason: 'forbidden' });
    expect(rooms.size).toBe(0);
  });

  it('sends a message to the other members once joined, not before', async () => {
    const { client, to, emit } = fakeClient({ id: 'alice' });
    expect(gateway.handleProjectMessage(message, client)).toEqual({ ok: false, room, reason: 'not a member' });
    await gateway.handleProjectJoin(which, client);
    expect(gateway.handleProjectMessage(message, client)).toEqual({ ok: true, room });
    expect(to).toHaveBeenCalledWith(room);
    expect(emit).toHaveBeenCalledWith('project:message', { room, from: 'alice', text: 'hello' });
  });

  it('leaves', async () => {
    const { client, rooms } = fakeClient({ id: 'alice' });
    await gateway.handleProjectJoin(which, client);
    expect(await gateway.handleProjectLeave(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(false);
  });
});
