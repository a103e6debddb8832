// Processes the benchmarks start (a private redis-server, app instances), each in its own process
// group and all killed on any exit, plus the small helpers around them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchError } from './cached-nest-project.mjs';

export const log = (message) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------- processes, cleaned up on any exit

const children = new Set();
export const tempDirs = new Set();

/** A child in its own process group (so its whole tree can be killed), output kept in a tail. */
/** Whether the child is still running. */
export const running = (child) => children.has(child);

export function start(command, args, opts) {
  const child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d) => (out = (out + d).slice(-20_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  child.exited.then(() => children.delete(child));
  child.output = () => out;
  children.add(child);
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

export async function stop(child) {
  if (!children.has(child)) return;
  killGroup(child, 'SIGTERM');
  const killer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await child.exited;
  clearTimeout(killer);
}

// Also on a failure, Ctrl-C or SIGTERM: nothing of ours outlives the bench.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

export function run(command, args, cwd) {
  log(`  $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000, env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-30).join('\n');
    throw new BenchError(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}) in ${cwd}\n${tail}`);
  }
  return result.stdout;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true)).once('error', () => done(false));
  });
}

export async function waitForPort(child, port, name) {
  const started = Date.now();
  while (!(await portAnswers(port))) {
    if (!children.has(child)) throw new BenchError(`${name} exited before listening on 127.0.0.1:${port}\n${child.output()}`);
    if (Date.now() - started > 60_000) throw new BenchError(`${name} did not listen on 127.0.0.1:${port} within 60 s\n${child.output()}`);
    await sleep(100);
  }
}

// Loaded with `node --require`: listen() without a host binds 127.0.0.1 (generated main.ts gives
// none), and the app exits when the bench process is gone (e.g. killed with SIGKILL).
const PRELOAD = `const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || /^\\d+$/.test(String(args[0]))) { if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1'); }
  else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host && !args[0].path) args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(70); }, 500).unref();
`;

export const writePreload = (work) => writeFileSync(join(work, 'preload.cjs'), PRELOAD);

// ---------------------------------------------------------------- redis-server and app instances

export async function startRedis(work) {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) throw new BenchError('redis-server is not installed. Install it: apt-get install redis-server (macOS: brew install redis)');
  const port = await freePort();
  const dir = join(work, 'redis');
  mkdirSync(dir);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = start(which.stdout.trim(), args, {});
  await waitForPort(child, port, 'redis-server');
  const version = spawnSync(which.stdout.trim(), ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1];
  return { child, url: `redis://127.0.0.1:${port}`, version };
}

/** One app instance on a free loopback port (`writePreload(work)` first); `nodeArgs` go before the entry. */
export async function bootInstance(app, work, entry, env, nodeArgs = []) {
  const port = await freePort();
  const child = start(process.execPath, [...nodeArgs, '--require', join(work, 'preload.cjs'), entry], { cwd: app, env: { ...process.env, ...env, PORT: String(port) } });
  await waitForPort(child, port, `node ${entry}`);
  return { child, url: `http://127.0.0.1:${port}` };
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/** CPU time (user + system) a process has used, from /proc (Linux); NaN elsewhere. Hardly moved by other load. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[11], [12]: utime, stime
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

