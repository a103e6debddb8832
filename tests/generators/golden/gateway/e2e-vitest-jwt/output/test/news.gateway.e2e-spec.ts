import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  NewsClientToServerEvents,
  NewsServerToClientEvents,
} from '../src/news/news.events.js';
import {
  FOREIGN_ORIGIN,
  startWsApp,
  type WsTestApp,
} from './websockets/ws-test-app.js';

describe('NewsGateway (e2e)', () => {
  let ws: WsTestApp;
  const connect = () =>
    ws.connect<NewsServerToClientEvents, NewsClientToServerEvents>(
      '/',
      {},
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

  it('refuses a page from a foreign Origin before any namespace', async () => {
    const refused = await ws.refusal('/', { origin: FOREIGN_ORIGIN });
    // The upgrade is answered 403: socket.io-client reports the failed transport.
    expect(refused.message).toBe('websocket error');
  });
});
