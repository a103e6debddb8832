/**
 * The e2e cache (Node 24, Nest project templates) and the small pieces shared by
 * the harness: the cache root, a cross-process lock, a clean child environment.
 *
 * Cache root: $WS_SCAFFOLD_TEST_CACHE, else ~/.cache/ws-scaffold-tests. It must be
 * outside this repository so that module resolution from the generated projects
 * never walks up into our own node_modules.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

export function log(message: string): void {
  console.log(`[ws-e2e] ${message}`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The folder of this repository (nearest package.json named ws-scaffold above cwd), if any. */
function repoRoot(): string | undefined {
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'ws-scaffold') return dir;
      } catch {
        /* not ours */
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function isInside(child: string, parent: string): boolean {
  const c = resolve(child) + sep;
  const p = resolve(parent) + sep;
  return c.startsWith(p);
}

/**
 * Throw if a project placed in `dir` could resolve modules from somewhere it
 * should not: inside this repository, or below any folder with a node_modules.
 */
export function assertIsolatedLocation(dir: string, what: string): void {
  const repo = repoRoot();
  if (repo && isInside(dir, repo)) {
    throw new Error(`${what} (${dir}) is inside the ws-scaffold repository (${repo}); point it elsewhere`);
  }
  let up = dirname(resolve(dir));
  for (;;) {
    if (existsSync(join(up, 'node_modules'))) {
      throw new Error(
        `${what} (${dir}) lies below ${join(up, 'node_modules')}'s folder: module resolution from ` +
          'the generated projects would walk into it. Use another folder (WS_SCAFFOLD_TEST_CACHE / TMPDIR).',
      );
    }
    const next = dirname(up);
    if (next === up) return;
    up = next;
  }
}

let rootChecked: string | undefined;

/** $WS_SCAFFOLD_TEST_CACHE or ~/.cache/ws-scaffold-tests (created, checked for isolation). */
export function cacheRoot(): string {
  const root = resolve(process.env.WS_SCAFFOLD_TEST_CACHE || join(homedir(), '.cache', 'ws-scaffold-tests'));
  if (rootChecked !== root) {
    mkdirSync(root, { recursive: true });
    assertIsolatedLocation(join(root, 'x'), 'the e2e cache');
    rootChecked = root;
  }
  return root;
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
  what: string;
}

function readOwner(lockDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LockOptions {
  /** Give up waiting for another holder after this long. Default 30 minutes. */
  waitMs?: number;
  /** A lock older than this is considered abandoned even if its pid lives. Default 60 minutes. */
  staleMs?: number;
}

/**
 * Cross-process mutual exclusion with an atomic `mkdir`. The holder writes its
 * pid into the lock; a lock whose pid is dead (same host) or which is older than
 * `staleMs` is broken. Callers within one process should memoise their work so
 * they never wait on a lock their own process holds.
 */
export async function withLock<T>(name: string, what: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const waitMs = opts.waitMs ?? 30 * 60_000;
  const staleMs = opts.staleMs ?? 60 * 60_000;
  const locks = join(cacheRoot(), 'locks');
  mkdirSync(locks, { recursive: true });
  const lockDir = join(locks, `${name}.lock`);
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      const me: LockOwner = { pid: process.pid, host: hostname(), since: Date.now(), what };
      writeFileSync(join(lockDir, 'owner.json'), JSON.stringify(me));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(lockDir);
    let age = 0;
    try {
      age = Date.now() - statSync(lockDir).mtimeMs;
    } catch {
      continue; // vanished: retry at once
    }
    const dead = owner ? owner.host === hostname() && !pidAlive(owner.pid) : age > 10_000; // no owner.json for 10 s: a crash between mkdir and write
    if (dead || age > staleMs) {
      // Re-check right before breaking it, so that we do not break a fresh lock.
      const again = readOwner(lockDir);
      if (again?.pid === owner?.pid && again?.since === owner?.since) {
        const trash = `${lockDir}.stale-${process.pid}-${Date.now()}`;
        try {
          renameSync(lockDir, trash);
          rmSync(trash, { recursive: true, force: true });
          log(`broke an abandoned lock ${name} (pid ${owner?.pid ?? '?'}, ${owner?.what ?? 'unknown'})`);
        } catch {
          /* somebody else did */
        }
      }
      continue;
    }
    if (Date.now() - started > waitMs) {
      throw new Error(
        `waited ${seconds(waitMs)} for lock ${lockDir} held by pid ${owner?.pid ?? '?'} (${owner?.what ?? '?'}); ` +
          'if no test run is active, delete that folder',
      );
    }
    if (!announced) {
      announced = true;
      log(`waiting for ${owner?.what ?? name} (pid ${owner?.pid ?? '?'}) ...`);
    }
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const DROP_EXACT = new Set([
  'NODE_OPTIONS',
  'NODE_ENV',
  'TEST',
  'FORCE_COLOR',
  'INIT_CWD',
  'NODE',
  'COLOR',
  'NODE_PATH',
  'TS_NODE_PROJECT',
  'TSX_TSCONFIG_PATH',
]);

const KEEP_NPM = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|.+:registry)$/i;

/**
 * process.env minus what a test runner or a parent `npm run` leaks into it
 * (VITEST_*, npm_*, NODE_OPTIONS, node_modules/.bin entries on PATH ...), plus
 * CI=true, NO_COLOR=1 and quiet npm. The base of every child environment.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    const up = k.toUpperCase();
    if (DROP_EXACT.has(up) || up.startsWith('VITEST') || up.startsWith('TINYPOOL') || up.startsWith('JEST_')) continue;
    // A parent `npm run` exports npm_package_*, npm_lifecycle_*, npm_config_local_prefix ...
    // pointing at this repository; keep only user settings that reach the registry.
    if (up.startsWith('NPM_') && !KEEP_NPM.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((p) => p && !p.includes(`${sep}node_modules${sep}.bin`) && !p.includes('node-gyp-bin'))
    .join(':');
  env.CI = 'true';
  env.NO_COLOR = '1';
  env.NO_UPDATE_NOTIFIER = '1';
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_progress = 'false';
  env.npm_config_loglevel = 'warn';
  return env;
}
