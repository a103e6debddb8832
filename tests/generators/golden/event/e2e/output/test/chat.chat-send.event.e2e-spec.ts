import type {
  ChatClientToServerEvents,
  ChatServerToClientEvents,
} from '../src/chat/chat.events';
import {
  startWsApp,
  tokenFor,
  type ConnectOptions,
  type WsTestApp,
} from './websockets/ws-test-app';

describe("ChatGateway (e2e): 'chat:send'", () => {
  let ws: WsTestApp;
  const connect = (options: ConnectOptions) =>
    ws.connect<ChatServerToClientEvents, ChatClientToServerEvents>(
      '/chat',
      options,
    );
  const payload = { text: 'hello', roomId: 'hello' };

  beforeAll(async () => {
    ws = await startWsApp();
  });

  afterAll(async () => {
    await ws.close();
  });

  it('answers through its ack', async () => {
    const socket = await connect({ token: tokenFor('alice') });
    expect(await socket.emitWithAck('chat:send', payload)).toMatchObject({
      ok: true,
      from: socket.id,
    });
  });

  it('answers a payload with an unknown field through its ack, without echoing it', async () => {
    const socket = await connect({ token: tokenFor('alice') });
    const unknown = { ...payload, unknown: 'do-not-echo' };
    const ack = await socket.emitWithAck('chat:send', unknown);
    expect(ack).toEqual({
      ok: false,
      error: {
        status: 'error',
        message: 'validation failed',
        errors: ['property unknown should not exist'],
      },
    });
  });
});
