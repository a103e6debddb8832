import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { WsAuthVerifier } from '../websockets/ws-auth.js';
import { WsExceptionsFilter } from '../websockets/ws-exceptions.filter.js';
import { wsValidationPipe } from '../websockets/ws-validation.pipe.js';
import { ChatGateway } from './chat.gateway.js';
import {
  ChatMessageDto,
  type ChatGatewaySocket,
} from './chat.events.js';

/** A socket as the gateway sees it, and its disconnect() to assert on. */
function fakeClient(id: string, auth: Record<string, unknown> = {}) {
  const disconnect = vi.fn();
  const client = { id, data: {}, handshake: { auth }, disconnect } as unknown as ChatGatewaySocket;
  return { client, disconnect };
}

describe('ChatGateway', () => {
  let gateway: ChatGateway;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('acknowledges a message with the sender and its text', () => {
    const message = Object.assign(new ChatMessageDto(), { text: 'hello' });
    expect(gateway.handleMessage(message, fakeClient('socket-1').client)).toEqual({
      ok: true,
      from: 'socket-1',
      text: 'hello',
      receivedAt: expect.any(String) as unknown,
    });
  });

  it('trims the text before validating it, and lists what is wrong, a payload that is no object included', async () => {
    const pipe = wsValidationPipe();
    const metadata = { type: 'body', metatype: ChatMessageDto } as const;
    const errorsOf = async (payload: unknown): Promise<string[]> => {
      const error: unknown = await pipe.transform(payload, metadata).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WsException);
      return ((error as WsException).getError() as { errors: string[] }).errors;
    };
    await expect(pipe.transform({ text: '  hello  ' }, metadata)).resolves.toEqual({ text: 'hello' });
    expect(await errorsOf({ text: '   ' })).toEqual(['text should not be empty']);
    expect(await errorsOf({ text: 42, extra: true })).toEqual(
      expect.arrayContaining([
        'text must be a string',
        'property extra should not exist',
      ]),
    );
    expect(await errorsOf(42)).toEqual(['the payload must be an object']);
  });

  it('answers a failed request through its ack, and names the event of one sent without', () => {
    const filter = new WsExceptionsFilter();
    const emit = vi.fn();
    // Nest calls a handler, and its filter, with (client, payload, ack, event).
    const hostFor = (ack?: unknown) =>
      ({
        getArgByIndex: (index: number): unknown => [{ emit }, {}, ack, 'message'][index],
        switchToWs: () => ({
          getClient: () => ({ emit }),
          getData: () => ({}),
          getPattern: () => 'message',
        }),
      }) as unknown as ArgumentsHost;
    const ack = vi.fn();
    filter.catch(new WsException('not allowed'), hostFor(ack));
    expect(ack).toHaveBeenCalledWith({
      ok: false,
      error: { status: 'error', message: 'not allowed' },
    });
    expect(emit).not.toHaveBeenCalled();
    filter.catch(new WsException('not allowed'), hostFor());
    expect(emit).toHaveBeenCalledWith('exception', {
      status: 'error',
      message: 'not allowed',
      event: 'message',
    });
  });

  it('disconnects a client whose connection setup fails instead of throwing', () => {
    vi.spyOn(Logger.prototype, 'debug').mockImplementation(() => {
      throw new Error('setup failed');
    });
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { client, disconnect } = fakeClient('socket-2');

    expect(() => gateway.handleConnection(client)).not.toThrow();
    expect(disconnect).toHaveBeenCalledWith(true);
  });

  it('refuses a handshake without a token, with a reason the client can read', async () => {
    type Middleware = (socket: ChatGatewaySocket, next: (error?: Error & { data?: unknown }) => void) => void;
    const installed: Middleware[] = [];
    gateway.afterInit({ use: (middleware: Middleware) => installed.push(middleware) } as unknown as Namespace);
    expect(installed).toHaveLength(1);

    const refused = await new Promise<(Error & { data?: unknown }) | undefined>(
      (resolve) => installed[0](fakeClient('socket-3').client, resolve),
    );
    expect(refused?.message).toBe('unauthorized');
    expect(refused?.data).toEqual({ reason: 'missing token' });
  });
});
