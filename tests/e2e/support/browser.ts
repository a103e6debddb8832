import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.WS_SCAFFOLD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The system Chromium (Debian's `chromium` package), headless, with made-up host names mapped to
 * loopback so pages can come from distinct origins without leaving the machine.
 */
export async function launchChromium(hosts: string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set WS_SCAFFOLD_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
    ],
  });
}

/**
 * Serves one page that loads the socket.io client bundle and tries to connect to the URL in its
 * `?socket=` query, leaving `window.outcome` = 'connected' or 'connect_error: <message>'. The same
 * page answers under every host name, so its origin is whatever host the browser asked for.
 */
export async function servePage(token: string): Promise<{ port: number; close(): Promise<void> }> {
  const bundle = readFileSync(join(require.resolve('socket.io-client'), '..', '..', '..', 'dist', 'socket.io.min.js'));
  const page = `<!doctype html><title>ws-scaffold e2e</title>
<script src="/socket.io.min.js"></script>
<script>
  const socket = io(new URLSearchParams(location.search).get('socket'), { transports: ['websocket'], auth: { token: ${JSON.stringify(token)} }, reconnection: false });
  socket.on('connect', () => { window.outcome = 'connected'; socket.close(); });
  socket.on('connect_error', (error) => { window.outcome = 'connect_error: ' + error.message; });
</script>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/socket.io.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
