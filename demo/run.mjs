#!/usr/bin/env node
// The Quick start demo: copy the bundled sample Nest app to a temp folder, install it, run
// `ws-scaffold add-gateway chat` in it, build it, boot it on loopback, and make a real socket.io
// round trip to the new gateway. Every step prints what it runs; any failure exits 1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { io } = createRequire(import.meta.url)('socket.io-client');

function step(title, command, args, cwd) {
  console.log(`\n▶ ${title}\n  $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) fail(`${title} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function waitForHttp(url, app, seconds) {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; ) {
    if (app.exitCode !== null) fail(`the app exited early (code ${app.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`the app did not answer ${url} within ${seconds} s`);
}

const project = mkdtempSync(join(tmpdir(), 'ws-scaffold-demo-'));
cpSync(join(repo, 'demo', 'sample-app'), project, { recursive: true });
console.log(`Sample Nest app copied to ${project}`);

step('Install the sample app', 'npm', ['install', '--no-audit', '--no-fund'], project);
step('Scaffold a gateway with ws-scaffold', process.execPath, [join(repo, 'bin', 'ws-scaffold.js'), 'add-gateway', 'chat', '--yes', '--diff'], project);
step('Build the app', 'npm', ['run', 'build'], project);

const port = await freePort();
console.log(`\n▶ Boot the app on 127.0.0.1:${port}`);
// The generated WsAuthVerifier accepts the tokens listed in WS_AUTH_TOKENS until you replace it.
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', WS_AUTH_TOKENS: 'demo-token=demo-user' };
const app = spawn(process.execPath, ['dist/main.js'], { cwd: project, env, stdio: ['ignore', 'inherit', 'inherit'] });
try {
  await waitForHttp(`http://127.0.0.1:${port}/health`, app, 20);
  const socket = io(`http://127.0.0.1:${port}/chat`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'demo-token' } });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => reject(new Error(`connect_error: ${error.message}`)));
  });
  const started = performance.now();
  const ack = await socket.timeout(5000).emitWithAck('message', { text: '  hello from the demo  ' });
  const elapsed = (performance.now() - started).toFixed(1);
  socket.close();
  console.log(`\n✔ socket.io round trip to /chat in ${elapsed} ms; the gateway acknowledged:\n${JSON.stringify(ack, null, 2)}`);
  console.log(`\nThe scaffolded project stays in ${project} for you to read.`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  app.kill('SIGTERM');
}
