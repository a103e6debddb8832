import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTsMorphWithCache } from '../support/compile-cache';
import { FIXTURES, projectWithPrettier } from '../support/projects';

// Node >= 22.1 has its own cache, which enableCompileCache turns on (tests/e2e/compile-cache.e2e.test.ts).
const nodeHasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const run = (cacheBase: string, env: Record<string, string> = {}) => loadTsMorphWithCache(process.execPath, cacheBase, env);

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ws-scaffold-compile-cache-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const ourFolder = () => join(base, `ws-scaffold-cache-${process.getuid?.() ?? 'user'}`);
const codeFolder = () => join(ourFolder(), `code-${process.version}-${process.arch}`);
const cacheFiles = () => readdirSync(codeFolder()).sort();

describe.runIf(!nodeHasCompileCache)('compile cache on Node 20 (no module.enableCompileCache)', () => {
  it('writes the three ts-morph bundles at the first run and uses them at the next, with the same results', () => {
    const first = run(base);
    expect(first.said('missing')).toBe(3);
    expect(first.said('wrote')).toBe(3);
    const files = cacheFiles();
    expect(files.filter((name) => name.endsWith('.bin'))).toHaveLength(3);
    expect(files.some((name) => name.endsWith('.tmp'))).toBe(false);
    expect(statSync(ourFolder()).mode & 0o777).toBe(0o700);
    for (const name of files) expect(statSync(join(codeFolder(), name)).mode & 0o777).toBe(0o600);

    const second = run(base);
    expect(second.said('used')).toBe(3);
    expect(second.said('missing') + second.said('rejected') + second.said('wrote')).toBe(0);
  });

  it('a cache V8 cannot use (another V8, a damaged file) is compiled past and rewritten', () => {
    run(base);
    const folder = codeFolder();
    for (const name of cacheFiles()) writeFileSync(join(folder, name), Buffer.from('not a code cache, but long enough to be read as one'.repeat(20)));
    const damaged = run(base);
    expect(damaged.said('rejected')).toBe(3);
    expect(damaged.said('wrote')).toBe(3);
    expect(run(base).said('used')).toBe(3);
  });

  it('uses no folder other users can write to: code planted there would run as us', () => {
    run(base);
    chmodSync(ourFolder(), 0o777);
    const shared = run(base);
    expect(shared.said('no private folder')).toBe(1);
    expect(shared.said('used') + shared.said('wrote')).toBe(0);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
    const off = run(base, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.said('missing') + off.said('wrote')).toBe(0);
    expect(readdirSync(base)).toEqual([]);
  });
});

describe.runIf(!nodeHasCompileCache)('compile cache on Node 20, in a real run', () => {
  it("keeps ts-morph's bundles and, from the prettier worker, prettier's CommonJS builds", () => {
    const root = projectWithPrettier({ ...FIXTURES['cjs-jest'], '.prettierrc': '{ "singleQuote": true, "trailingComma": "all" }\n' });
    const cli = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
    const result = spawnSync(process.execPath, [cli, 'add-gateway', 'chat', '--cwd', root, '--skip-install', '--yes', '--dry-run'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_COMPILE_CACHE: base, NODE_DISABLE_COMPILE_CACHE: '' },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(cacheFiles().filter((name) => name.endsWith('.bin'))).toHaveLength(6);
  });
});

describe.runIf(!nodeHasCompileCache)('compile cache on Node 20, over time', () => {
  it('a run that writes removes caches not written for a month and leftovers of stopped runs', () => {
    run(base);
    const folder = codeFolder();
    const ours = cacheFiles();
    const monthsAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    writeFileSync(join(folder, 'an-old-install.bin'), 'x');
    utimesSync(join(folder, 'an-old-install.bin'), monthsAgo, monthsAgo);
    writeFileSync(join(folder, 'a-recent-install.bin'), 'x');
    writeFileSync(join(folder, 'a-stopped-run.bin.123.tmp'), 'x');
    utimesSync(join(folder, 'a-stopped-run.bin.123.tmp'), hoursAgo, hoursAgo);
    // A run that finds everything cached writes nothing and so removes nothing.
    expect(run(base).said('used')).toBe(3);
    expect(cacheFiles()).toHaveLength(ours.length + 3);
    // One that writes (its own cache was damaged) prunes.
    writeFileSync(join(folder, ours[0]), 'damaged');
    expect(run(base).said('wrote')).toBe(1);
    expect(cacheFiles()).toEqual([...ours, 'a-recent-install.bin'].sort());
  });
});
