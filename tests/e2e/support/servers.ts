/**
 * Private Redis and PostgreSQL servers for e2e tests: on 127.0.0.1, a free port, a temp data
 * folder, owned by this test process (killed with it). A missing binary fails the test with the
 * install command: these tests never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, portAnswers } from './boot';
import { sleep } from './cache';
import { Tail, tail, track } from './proc';

const INSTALL = 'apt-get install redis-server postgresql';

export interface LocalServer {
  /** redis://127.0.0.1:<port> or postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  output(): string;
  /** Stops the server and waits until it has exited. Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
}

function findBinary(name: string, extraDirs: string[] = []): string {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  for (const dir of extraDirs) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} is not installed: the adapter e2e tests need real servers. Run: ${INSTALL}`);
}

/** Debian keeps the PostgreSQL server binaries out of PATH, under /usr/lib/postgresql/<major>/bin. */
function postgresBinDirs(): string[] {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(base, major, 'bin'));
}

interface Supervised {
  stop(): Promise<void>;
  output(): string;
  /** Sends `sig` to the server and every process under it. */
  signal(sig: NodeJS.Signals): void;
}

/**
 * `root` and every process under it, from /proc. A process group is not enough to freeze
 * PostgreSQL: runuser starts it in a session of its own, and each connection has its own backend.
 */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** A long-running child in its own process group, stopped with `signal`, SIGKILL after 10 s. */
async function supervise(
  name: string,
  port: number,
  spawnIt: () => ChildProcess,
  signal: NodeJS.Signals,
): Promise<Supervised> {
  const out = new Tail(200_000);
  const child = spawnIt();
  track(child);
  child.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  const started = Date.now();
  while (!(await portAnswers(port, 300))) {
    if (exited) throw new Error(`${name} exited before listening on 127.0.0.1:${port}\n${tail(out.toString())}`);
    if (Date.now() - started > 30_000) throw new Error(`${name} did not listen on 127.0.0.1:${port} within 30 s\n${tail(out.toString())}`);
    await sleep(100);
  }
  const kill = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const signalTree = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    for (const pid of processTree(child.pid)) {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  return {
    output: () => out.toString(),
    signal: signalTree,
    stop: async () => {
      if (exited || child.pid === undefined) return;
      // A paused server would not act on the stop signal.
      signalTree('SIGCONT');
      kill(signal);
      const killer = setTimeout(() => kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

function localServer(url: string, port: number, launch: () => Promise<Supervised>): Promise<LocalServer> {
  let current: Supervised | undefined;
  let previousOutput = '';
  const server: LocalServer = {
    url,
    port,
    output: () => previousOutput + (current?.output() ?? ''),
    start: async () => {
      if (current) return;
      current = await launch();
    },
    pause: () => current?.signal('SIGSTOP'),
    resume: () => current?.signal('SIGCONT'),
    stop: async () => {
      const running = current;
      current = undefined;
      if (!running) return;
      await running.stop();
      previousOutput += running.output();
    },
  };
  return server.start().then(() => server);
}

/** redis-server without persistence, on a free loopback port. */
export async function startRedis(): Promise<LocalServer> {
  const binary = findBinary('redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ws-scaffold-redis-'));
  const launch = () =>
    supervise(
      'redis-server',
      port,
      () =>
        spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      'SIGTERM',
    );
  const server = await localServer(`redis://127.0.0.1:${port}`, port, launch);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return server;
}

/**
 * A throwaway PostgreSQL cluster (initdb, trust auth for user postgres) on a free loopback port.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 */
export async function startPostgres(): Promise<LocalServer> {
  const dirs = postgresBinDirs();
  const initdb = findBinary('initdb', dirs);
  const postgres = findBinary('postgres', dirs);
  const asRoot = userInfo().uid === 0;
  const runAs = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  const port = await freePort();
  const parent = mkdtempSync(join(tmpdir(), 'ws-scaffold-pg-'));
  const data = join(parent, 'data');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error(`no postgres system user to run PostgreSQL as (running as root). Run: ${INSTALL}`);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(parent, Number(ids.stdout.trim()), gid);
  }
  const [initCommand, initArgs] = runAs(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8', timeout: 120_000 });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  const launch = () =>
    supervise(
      'postgres',
      port,
      () => {
        const [command, args] = runAs(postgres, ['-D', data, '-p', String(port), '-k', parent, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
        return spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      },
      'SIGINT', // fast shutdown: SIGTERM would wait for the apps' connections to end
    );
  const server = await localServer(`postgres://postgres@127.0.0.1:${port}/postgres`, port, launch);
  process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
  return server;
}
