import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { WsAuthVerifier } from '../websockets/ws-auth';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { ChatGateway } from './chat.gateway';
import { ChatMessageDto } from './chat.events';

const fakeClient = (id: string, auth: Record<string, unknown> = {}) =>
  ({
    id,
    data: {},
    handshake: { auth },
    disconnect: jest.fn(),
  }) as unknown as Socket & { disconnect: ReturnType<typeof jest.fn> };

describe('ChatGateway', () => {
  let gateway: ChatGateway;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('acknowledges a message with the sender and the trimmed text', () => {
    const message = Object.assign(new ChatMessageDto(), { text: '  hello  ' });
    expect(gateway.handleMessage(message, fakeClient('socket-1'))).toEqual({
      ok: true,
      from: 'socket-1',
      text: 'hello',
      receivedAt: expect.any(String),
    });
  });

  it('refuses an invalid payload with a WsException listing what is wrong', async () => {
    const pipe = wsValidationPipe();
    const error = await pipe
      .transform({ text: 42, extra: true }, { type: 'body', metatype: ChatMessageDto })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WsException);
    const { errors } = (error as WsException).getError() as { errors: string[] };
    expect(errors).toEqual(
      expect.arrayContaining([
        'text must be a string',
        'property extra should not exist',
      ]),
    );
  });

  it('disconnects a client whose connection setup fails instead of throwing', () => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => {
      throw new Error('setup failed');
    });
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const client = fakeClient('socket-2');

    expect(() => gateway.handleConnection(client)).not.toThrow();
    expect(client.disconnect).toHaveBeenCalledWith(true);
  });

  it('refuses a handshake without a token, with a reason the client can read', async () => {
    const use = jest.fn();
    gateway.afterInit({ use } as unknown as Namespace);
    const middleware = use.mock.calls[0][0] as (
      socket: Socket,
      next: (error?: Error & { data?: unknown }) => void,
    ) => void;

    const refused = await new Promise<(Error & { data?: unknown }) | undefined>(
      (resolve) => middleware(fakeClient('socket-3'), resolve),
    );
    expect(refused?.message).toBe('unauthorized');
    expect(refused?.data).toEqual({ reason: 'missing token' });
  });
});
