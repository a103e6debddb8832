/**
 * A typed socket.io-client socket for ChatGateway, for front-end code. It imports types only,
 * so bundling it adds no code of its own besides connectChat():
 *
 *   import { io } from 'socket.io-client';
 *   const socket = connectChat(io, 'https://api.example.com', token);
 *   const ack = await socket.emitWithAck('message', ...); // payload and ack typed
 *   if (!ack.ok) console.warn(ack.error.message); // a failed request: { ok: false, error }
 *   socket.on('exception', (error) => ...); // one sent without an ack failed: error.event says which
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type {
  ChatClientToServerEvents,
  ChatServerToClientEvents,
} from './chat.events.js';

/** Listens to what the server sends, emits what the gateway handles. */
export type ChatSocket = Socket<
  ChatServerToClientEvents,
  ChatClientToServerEvents
>;

type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

/** The namespace ChatGateway serves. */
export const CHAT_CLIENT_NAMESPACE = '/chat';

/** Connects with the front end's own `io` (socket.io-client), sending `token` in the handshake. */
export function connectChat(
  connect: (uri: string, options?: ConnectOptions) => Socket,
  baseUrl: string,
  token: string,
  options: ConnectOptions = {},
): ChatSocket {
  const url = `${baseUrl.replace(/\/+$/, '')}${CHAT_CLIENT_NAMESPACE}`;
  // auth may be a callback in socket.io-client: only an object is merged with the token.
  const auth = typeof options.auth === 'object' ? options.auth : {};
  return connect(url, { ...options, auth: { ...auth, token } });
}
