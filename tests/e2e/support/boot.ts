/**
 * Boot a built Nest app (`node dist/main.js`) on a free loopback port.
 *
 * Both generated projects (Nest 11 CJS, Nest 12 ESM) build to dist/main.js and
 * call `app.listen(process.env.PORT ?? 3000)`, so we set PORT. The app is started
 * with a small preload (`node --require`) that
 *   - binds listen() calls that give no host to 127.0.0.1 (servers stay on loopback),
 *   - exits the app when the test process that started it goes away (its parent
 *     pid changes), so a killed vitest worker leaves no app behind.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { cacheRoot, sleep } from './cache';
import { killTree, Tail, tail, track } from './proc';

export interface BootOptions {
  /** Entry file relative to the project (default: dist/main.js, or dist/src/main.js). */
  entry?: string;
  /** Port to use (default: a free one). */
  port?: number;
  /** Extra environment for the app (on top of `env`). */
  extraEnv?: NodeJS.ProcessEnv;
  /** Extra node arguments placed before the entry. */
  nodeArgs?: string[];
  /** How long to wait for the port to answer. Default 60 s. */
  timeoutMs?: number;
}

export interface BootedApp {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** Everything the app printed so far (stdout and stderr interleaved, last 1 MB). */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  /** SIGTERM the app (SIGKILL after 5 s) and wait until it has exited. Idempotent. */
  stop(): Promise<void>;
}

const PRELOAD = `'use strict';
// ws-scaffold e2e preload (written by tests/e2e/support/boot.ts)
const net = require('node:net');
const host = process.env.WS_SCAFFOLD_BIND_HOST || '127.0.0.1';
const origListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a0 = args[0];
  if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\\d+$/.test(a0))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, host);
  } else if (a0 === undefined || typeof a0 === 'function') {
    args.unshift(0, host);
  } else if (a0 !== null && typeof a0 === 'object' && a0.port !== undefined && a0.host === undefined && a0.path === undefined) {
    args[0] = Object.assign({}, a0, { host });
  }
  return origListen.apply(this, args);
};
const parent = Number(process.env.WS_SCAFFOLD_PARENT_PID) || process.ppid;
if (process.ppid === parent) {
  setInterval(() => {
    if (process.ppid !== parent) {
      process.stderr.write('[ws-e2e preload] test process ' + parent + ' is gone: exiting\\n');
      process.exit(70);
    }
  }, 500).unref();
}
`;

let preloadPath: string | undefined;

/** The preload file, written once into <cache root>/preload/ (content-addressed, atomic). */
function preloadFile(): string {
  if (preloadPath) return preloadPath;
  const hash = createHash('sha256').update(PRELOAD).digest('hex').slice(0, 12);
  const dir = join(cacheRoot(), 'preload');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `app-preload-${hash}.cjs`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== PRELOAD) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, PRELOAD);
    renameSync(tmp, file);
  }
  preloadPath = file;
  return file;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** Resolve true when something accepts a TCP connection on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function findEntry(dir: string, entry?: string): string {
  if (entry) {
    const p = isAbsolute(entry) ? entry : join(dir, entry);
    if (!existsSync(p)) throw new Error(`bootApp: entry ${p} does not exist (did the build run?)`);
    return p;
  }
  for (const c of ['dist/main.js', 'dist/src/main.js']) {
    if (existsSync(join(dir, c))) return join(dir, c);
  }
  throw new Error(`bootApp: neither dist/main.js nor dist/src/main.js in ${dir}: run \`npm run build\` first or pass {entry}`);
}

/**
 * Start the built app with `node <entry>` (the `node` on env.PATH: Node 24 for
 * Nest 12), PORT set to a free port, and wait until the port accepts connections.
 * Rejects with the app's output if it exits first or does not listen in time.
 */
export async function bootApp(dir: string, env: NodeJS.ProcessEnv, opts: BootOptions = {}): Promise<BootedApp> {
  const entry = findEntry(dir, opts.entry);
  const port = opts.port ?? (await freePort());
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const out = new Tail(1_000_000);
  const child = spawn('node', ['--require', preloadFile(), '--enable-source-maps', ...(opts.nodeArgs ?? []), entry], {
    cwd: dir,
    env: { ...env, ...opts.extraEnv, PORT: String(port), WS_SCAFFOLD_PARENT_PID: String(process.pid) },
    detached: true, // own process group: stop() kills everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => out.push(d));
  let exitInfo: string | undefined;
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exitInfo = `spawn error: ${err.message}`;
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo !== undefined) return;
      killTree(child, 'SIGTERM');
      const killer = setTimeout(() => killTree(child, 'SIGKILL'), 5_000);
      await exitedP;
      clearTimeout(killer);
    })();
    return stopping;
  };

  const started = Date.now();
  for (;;) {
    if (exitInfo !== undefined) {
      throw new Error(
        `app ${entry} exited (${exitInfo}) before listening on port ${port}\n--- output ---\n${tail(out.toString())}`,
      );
    }
    if (await portAnswers(port, 500)) break;
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(
        `app ${entry} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms ` +
          `(PORT=${port} was set: does main.ts use process.env.PORT?)\n--- output ---\n${tail(out.toString())}`,
      );
    }
    await sleep(100);
  }
  if (exitInfo !== undefined) {
    throw new Error(`app ${entry} exited (${exitInfo}) right after port ${port} answered: another process owns the port?\n${tail(out.toString())}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => out.toString(),
    exited: () => exitInfo !== undefined,
    stop,
  };
}
