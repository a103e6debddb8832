import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { WsRooms } from '../websockets/ws-rooms';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { FeedGateway } from './feed.gateway';
import { FeedMessageDto, FeedRoomDto } from './feed.events';

type FakeClient = WebSocket & {
  send: ReturnType<typeof jest.fn>;
  close: ReturnType<typeof jest.fn>;
};

const fakeClient = () =>
  ({
    OPEN: 1,
    readyState: 1,
    send: jest.fn(),
    close: jest.fn(),
    once: jest.fn(),
  }) as unknown as FakeClient;

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
    expect(gateway.handleMessage(message('  hello  '), fakeClient())).toEqual({
      event: 'message:ack',
      data: {
        ok: true,
        from: 'anonymous',
        text: 'hello',
        delivered: 0,
        receivedAt: expect.any(String),
      },
    });
  });

  it('sends a room message to the other members only', () => {
    const [alice, bob, carol] = [fakeClient(), fakeClient(), fakeClient()];
    gateway.handleJoin(room('project:1'), alice);
    expect(gateway.handleJoin(room('project:1'), bob).data).toEqual({
      room: 'project:1',
      members: 2,
    });

    const answer = gateway.handleMessage(message('hi', 'project:1'), alice);

    expect(answer.data.delivered).toBe(1);
    expect(alice.send).not.toHaveBeenCalled();
    expect(carol.send).not.toHaveBeenCalled();
    expect(JSON.parse(bob.send.mock.calls[0][0] as string)).toEqual({
      event: 'room:message',
      data: {
        room: 'project:1',
        from: 'anonymous',
        text: 'hi',
        sentAt: expect.any(String),
      },
    });
  });

  it('refuses a message to a room the sender has not joined', () => {
    expect(() =>
      gateway.handleMessage(message('hi', 'project:2'), fakeClient()),
    ).toThrow(WsException);
  });

  it('refuses an invalid payload with a WsException listing what is wrong', async () => {
    const pipe = wsValidationPipe();
    const error = await pipe
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

    expect(() => gateway.handleConnection(client, request)).not.toThrow();
    expect(client.close).toHaveBeenCalledWith(1011, 'connection setup failed');
  });
});
