/**
 * A typed socket.io-client socket for TenantGateway, for front-end code. It imports types only,
 * so bundling it adds no code of its own besides connectTenant():
 *
 *   import { io } from 'socket.io-client';
 *   const socket = connectTenant(io, 'https://api.example.com', '/tenant-a', token);
 *   const ack = await socket.emitWithAck('message', ...); // payload and ack typed
 *   if (!ack.ok) console.warn(ack.error.message); // a failed request: { ok: false, error }
 *   socket.on('exception', (error) => ...); // one sent without an ack failed: error.event says which
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type {
  TenantClientToServerEvents,
  TenantServerToClientEvents,
} from './tenant.events';

/** Listens to what the server sends, emits what the gateway handles. */
export type TenantSocket = Socket<
  TenantServerToClientEvents,
  TenantClientToServerEvents
>;

type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

/** Children of the dynamic namespace: /^\/tenant-[a-z0-9]+$/, e.g. '/tenant-a'. */
export const TENANT_CLIENT_NAMESPACE = /^\/tenant-[a-z0-9]+$/;

/** Connects with the front end's own `io` (socket.io-client), sending `token` in the handshake. */
export function connectTenant(
  connect: (uri: string, options?: ConnectOptions) => Socket,
  baseUrl: string,
  namespace: string,
  token: string,
  options: ConnectOptions = {},
): TenantSocket {
  if (!TENANT_CLIENT_NAMESPACE.test(namespace)) {
    throw new Error(`${namespace} does not match ${String(TENANT_CLIENT_NAMESPACE)}`);
  }
  const url = `${baseUrl.replace(/\/+$/, '')}${namespace}`;
  // auth may be a callback in socket.io-client: only an object is merged with the token.
  const auth = typeof options.auth === 'object' ? options.auth : {};
  return connect(url, { ...options, auth: { ...auth, token } });
}
