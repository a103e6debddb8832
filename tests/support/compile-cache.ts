import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

const repo = join(__dirname, '..', '..');
const compileCache = join(repo, 'dist', 'startup', 'compile-cache.js');

/**
 * A fresh `node` that turns the compile cache on (src/startup/compile-cache.ts), loads ts-morph and
 * uses it. Returns how often the cache said `what` (NODE_DEBUG=ws-scaffold) and stdout, which holds
 * a parse result (so a cache that broke ts-morph shows as a wrong answer) and Node's own cache folder.
 * `cacheBase` undefined: no NODE_COMPILE_CACHE (nor NODE_DISABLE_COMPILE_CACHE) from the caller.
 */
export function loadTsMorphWithCache(node: string, cacheBase: string | undefined, env: Record<string, string> = {}) {
  const script = `
    require(${JSON.stringify(compileCache)}).enableCompileCache();
    const { Project, SyntaxKind } = require('ts-morph');
    const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('a.ts', 'class A { b(): void {} }');
    console.log('methods=' + file.getDescendantsOfKind(SyntaxKind.MethodDeclaration).map((m) => m.getName()).join(','));
    console.log('node-cache-dir=' + (require('node:module').getCompileCacheDir?.() ?? 'none'));`;
  const { NODE_COMPILE_CACHE: _dir, NODE_DISABLE_COMPILE_CACHE: _off, ...inherited } = process.env;
  const result = spawnSync(node, ['-e', script], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...inherited, NODE_DEBUG: 'ws-scaffold', ...(cacheBase ? { NODE_COMPILE_CACHE: cacheBase } : {}), ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain('methods=b');
  const said = (what: string) => result.stderr.split('\n').filter((line) => line.includes(`code cache: ${what}`)).length;
  return { said, stdout: result.stdout };
}
