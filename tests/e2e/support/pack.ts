import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from './cache';
import { run } from './proc';

let packed: Promise<string> | undefined;

/**
 * This package as users get it: the `npm pack` tarball (once per test process). `--ignore-scripts`
 * because `npm test` has built dist already, and prepack would rebuild it under running tests.
 */
export function packedTarball(): Promise<string> {
  packed ??= (async () => {
    const repo = join(__dirname, '..', '..', '..');
    const destination = mkdtempSync(join(tmpdir(), 'ws-scaffold-pack-'));
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], { cwd: repo, env: cleanEnv(), timeoutMs: 120_000 });
    return join(destination, readdirSync(destination).find((f) => f.endsWith('.tgz'))!);
  })();
  return packed;
}
