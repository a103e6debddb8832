import { Test } from '@nestjs/testing';
import { WsAuthVerifier } from '../websockets/ws-auth';
import { TenantGateway } from './tenant.gateway';
import {
  boardRoom,
  TenantBoardRoomMessageDto,
  TenantBoardRoomDto,
  type TenantGatewaySocket,
} from './tenant.events';

/** A client as the handlers see it: its rooms, and what it sends to a room. */
function fakeClient(user?: { id: string }) {
  const rooms = new Set<string>();
  const emit = jest.fn();
  const to = jest.fn(() => ({ emit }));
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
  } as unknown as TenantGatewaySocket;
  return { client, rooms, emit, to };
}

describe('TenantGateway: the board room', () => {
  let gateway: TenantGateway;
  const room = boardRoom('42');
  const which = Object.assign(new TenantBoardRoomDto(), { id: '42' });
  const message = Object.assign(new TenantBoardRoomMessageDto(), { id: '42', text: 'hello' });

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [TenantGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(TenantGateway);
  });

  it('joins an authenticated identity and answers through the ack', async () => {
    const { client, rooms, to, emit } = fakeClient({ id: 'alice' });
    expect(await gateway.handleBoardJoin(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(true);
    expect(to).toHaveBeenCalledWith(room);
    expect(emit).toHaveBeenCalledWith('board:joined', { room, user: 'alice' });
  });

  it('refuses a join without an identity (canJoin)', async () => {
    const { client, rooms } = fakeClient();
    expect(await gateway.handleBoardJoin(which, client)).toEqual({ ok: false, room, reason: 'forbidden' });
    expect(rooms.size).toBe(0);
  });

  it('sends a message to the other members once joined, not before', async () => {
    const { client, to, emit } = fakeClient({ id: 'alice' });
    expect(gateway.handleBoardMessage(message, client)).toEqual({ ok: false, room, reason: 'not a member' });
    await gateway.handleBoardJoin(which, client);
    expect(gateway.handleBoardMessage(message, client)).toEqual({ ok: true, room });
    expect(to).toHaveBeenCalledWith(room);
    expect(emit).toHaveBeenCalledWith('board:message', { room, from: 'alice', text: 'hello' });
  });

  it('leaves', async () => {
    const { client, rooms } = fakeClient({ id: 'alice' });
    await gateway.handleBoardJoin(which, client);
    expect(await gateway.handleBoardLeave(which, client)).toEqual({ ok: true, room });
    expect(rooms.has(room)).toBe(false);
  });
});
