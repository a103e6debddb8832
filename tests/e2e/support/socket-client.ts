/**
 * socket.io clients for e2e tests: websocket transport only, a new Manager per
 * client (forceNew), no reconnection, and failures that say why.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ClientOptions = Partial<ManagerOptions & SocketOptions> & {
  /** Reject if not connected within this long. Default 5000 ms. */
  connectTimeoutMs?: number;
};

const clients = new Set<Socket>();

function nsUrl(url: string, namespace: string): string {
  const base = url.replace(/\/+$/, '');
  const ns = namespace === '' ? '/' : namespace.startsWith('/') ? namespace : `/${namespace}`;
  return `${base}${ns}`;
}

/**
 * Connect to `namespace` of the server at `url` (e.g. http://127.0.0.1:1234, '/chat').
 * Resolves with the connected socket; rejects on `connect_error` (with the server's
 * reason, and `data` from a middleware's error when there is one) or after 5 s.
 * Options are passed to io() (e.g. `auth`, `extraHeaders`, `query`).
 */
export function connectClient(url: string, namespace = '/', opts: ClientOptions = {}): Promise<Socket> {
  const { connectTimeoutMs = 5_000, ...ioOpts } = opts;
  const target = nsUrl(url, namespace);
  const socket = io(target, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: connectTimeoutMs,
    ...ioOpts,
  });
  clients.add(socket);
  socket.on('disconnect', () => clients.delete(socket));
  return new Promise<Socket>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    const fail = (err: Error): void => {
      cleanup();
      socket.close();
      clients.delete(socket);
      reject(err);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error & { data?: unknown; description?: unknown; context?: unknown }): void => {
      let extra = '';
      if (err.data !== undefined) extra = ` data=${safeJson(err.data)}`; // from a server middleware's next(err)
      else if (err.message === 'websocket error') {
        const d = err.description as { message?: unknown } | undefined;
        extra =
          (typeof d?.message === 'string' && d.message ? ` (${d.message})` : '') +
          ' (the websocket upgrade failed: no socket.io server at this URL, or the server refused the handshake, e.g. Origin / allowRequest)';
      }
      fail(Object.assign(new Error(`connect_error on ${target}: ${err.message}${extra}`, { cause: err }), { data: err.data }));
    };
    const timer = setTimeout(() => fail(new Error(`could not connect to ${target} within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}

/**
 * Emit `event` with `payload` and wait for the server's acknowledgement (the value
 * a @SubscribeMessage handler returns). Rejects after `timeoutMs` with the event name.
 */
export function emitWithAck<T = unknown>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!socket.connected) {
      reject(new Error(`emitWithAck("${event}"): the socket is not connected`));
      return;
    }
    const args = payload === undefined ? [] : [payload];
    socket.timeout(timeoutMs).emit(event, ...args, (err: Error | null, response: T) => {
      if (err) {
        reject(
          new Error(
            `emitWithAck("${event}"): no acknowledgement within ${timeoutMs} ms` +
              ` (connected=${socket.connected}; does the handler return a value?)`,
          ),
        );
      } else {
        resolve(response);
      }
    });
  });
}

/** The next `event` received on `socket` (first argument), or reject after `timeoutMs`. */
export function waitForEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onEvent = (data: T): void => {
      clearTimeout(timer);
      resolve(data);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(event, onEvent);
  });
}

/**
 * Everything `socket` receives as `event` during `windowMs` (first arguments).
 * For "non-members get nothing" checks: expect the array to be empty.
 */
export async function collectEvents<T = unknown>(socket: Socket, event: string, windowMs: number): Promise<T[]> {
  const got: T[] = [];
  const onEvent = (data: T): void => {
    got.push(data);
  };
  socket.on(event, onEvent);
  await new Promise((r) => setTimeout(r, windowMs));
  socket.off(event, onEvent);
  return got;
}

/** Close every socket made by connectClient that is still open (use in afterEach/afterAll). */
export function closeAllClients(): void {
  for (const s of clients) s.close();
  clients.clear();
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
