import type {
  ChatTypingBroadcast,
  ChatClientToServerEvents,
  ChatServerToClientEvents,
} from '../src/chat/chat.events';
import {
  startWsApp,
  tokenFor,
  type ConnectOptions,
  type WsTestApp,
} from './websockets/ws-test-app';

describe("ChatGateway (e2e): 'typing'", () => {
  let ws: WsTestApp;
  const connect = (options: ConnectOptions) =>
    ws.connect<ChatServerToClientEvents, ChatClientToServerEvents>(
      '/chat',
      options,
    );
  const payload = { draft: true };

  beforeAll(async () => {
    ws = await startWsApp();
  });

  afterAll(async () => {
    await ws.close();
  });

  it('reaches another client, with the sender', async () => {
    const sender = await connect({ token: tokenFor('alice') });
    const other = await connect({ token: tokenFor('bob') });
    const received = new Promise<ChatTypingBroadcast>((resolve) =>
      other.once('typing', resolve),
    );
    sender.emit('typing', payload);
    expect(await received).toEqual({ ...payload, from: sender.id });
  });
});
