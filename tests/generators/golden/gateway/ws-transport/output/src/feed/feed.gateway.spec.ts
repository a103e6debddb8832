import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { WsRooms } from '../websockets/ws-rooms';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { FeedGateway } from './feed.gateway';
import { FeedMessageDto, FeedRoomDto } from './feed.events';

/** A ws client as the gateway sees it, and the mocks of what the gateway tells it to do. */
const fakeClient = () => {
  const send = jest.fn();
  const close = jest.fn();
  const socket = { OPEN: 1, readyState: 1, send, close, once: jest.fn() } as unknown as WebSocket;
  return { socket, send, close };
};

const message = (text: string, room?: string) =>
  Object.assign(new FeedMessageDto(), { text, room });
const room = (name: string) => Object.assign(new FeedRoomDto(), { room: name });

describe('FeedGateway', () => {
  let gateway: FeedGateway;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [FeedGateway, WsRooms],
    }).compile();
    gateway = moduleRef.get(FeedGateway);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers a message with the trimmed text', () => {
    expect(gateway.handleMessage(message('  hello  '), fakeClient().socket)).toEqual({
      event: 'message:ack',
      data: {
        ok: true,
        from: 'anonymous',
        text: 'hello',
        delivered: 0,
        receivedAt: expect.any(String) as unknown,
      },
    });
  });

  it('sends a room message to the other members only', () => {
    const [alice, bob, carol] = [fakeClient(), fakeClient(), fakeClient()];
    gateway.handleJoin(room('project:1'), alice.socket);
    expect(gateway.handleJoin(room('project:1'), bob.socket).data).toEqual({
      room: 'project:1',
      members: 2,
    });

    const answer = gateway.handleMessage(message('hi', 'project:1'), alice.socket);

    expect(answer.data.delivered).toBe(1);
    expect(alice.send).not.toHaveBeenCalled();
    expect(carol.send).not.toHaveBeenCalled();
    // The frame bob was sent: the first argument of send()'s first call.
    const [[frame]] = bob.send.mock.calls as unknown as [[string]];
    expect(JSON.parse(frame)).toEqual({
      event: 'room:message',
      data: {
        room: 'project:1',
        from: 'anonymous',
        text: 'hi',
        sentAt: expect.any(String) as unknown,
      },
    });
  });

  it('refuses a message to a room the sender has not joined', () => {
    expect(() =>
      gateway.handleMessage(message('hi', 'project:2'), fakeClient().socket),
    ).toThrow(WsException);
  });

  it('refuses an invalid payload with a WsException listing what is wrong', async () => {
    const pipe = wsValidationPipe();
    const error: unknown = await pipe
      .transform(
        { text: 42, extra: true },
        { type: 'body', metatype: FeedMessageDto },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WsException);
    const { errors } = (error as WsException).getError() as {
      errors: string[];
    };
    expect(errors).toEqual(
      expect.arrayContaining([
        'text must be a string',
        'property extra should not exist',
      ]),
    );
  });

  it('closes a client whose connection setup fails instead of throwing', () => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => {
      throw new Error('setup failed');
    });
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const client = fakeClient();
    const request = {
      socket: { remoteAddress: '127.0.0.1' },
    } as IncomingMessage;

    expect(() => gateway.handleConnection(client.socket, request)).not.toThrow();
    expect(client.close).toHaveBeenCalledWith(1011, 'connection setup failed');
  });
});
