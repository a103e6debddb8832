import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChatClientToServerEvents,
  ChatServerToClientEvents,
} from '../src/chat/chat.events.js';
import {
  FOREIGN_ORIGIN,
  startWsApp,
  tokenFor,
  type WsTestApp,
} from './websockets/ws-test-app.js';

describe('ChatGateway (e2e)', () => {
  let ws: WsTestApp;
  const connect = () =>
    ws.connect<ChatServerToClientEvents, ChatClientToServerEvents>(
      '/chat',
      { token: tokenFor('alice') },
    );

  beforeAll(async () => {
    ws = await startWsApp();
  });

  afterAll(async () => {
    await ws.close();
  });

  it('answers a message through its ack', async () => {
    const socket = await connect();
    const ack = await socket.emitWithAck('message', { text: '  hello  ' });
    expect(ack).toMatchObject({ ok: true, from: socket.id, text: 'hello' });
  });

  it('answers an invalid message through its ack, with what is wrong', async () => {
    const socket = await connect();
    expect(await socket.emitWithAck('message', { text: '   ' })).toEqual({
      ok: false,
      error: {
        status: 'error',
        message: 'validation failed',
        errors: ['text should not be empty'],
      },
    });
  });

  it('refuses a handshake without a token or with a bad one, saying why', async () => {
    const missing = await ws.refusal('/chat');
    expect(missing.message).toBe('unauthorized');
    expect(missing.data).toEqual({ reason: 'missing token' });
    const bad = await ws.refusal('/chat', { token: 'not-a-token' });
    expect(bad.message).toBe('unauthorized');
    expect(bad.data).toEqual({ reason: 'invalid token' });
  });

  it('refuses a page from a foreign Origin before any namespace', async () => {
    const refused = await ws.refusal('/chat', { token: tokenFor('alice'), origin: FOREIGN_ORIGIN });
    // The upgrade is answered 403: socket.io-client reports the failed transport.
    expect(refused.message).toBe('websocket error');
  });
});
