/**
 * On Node >= 22.1 enableCompileCache turns on Node's own compile cache (Node 24, as Nest 12 users
 * run); the Node 20 cache of ours is tested in tests/startup/compile-cache.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTsMorphWithCache } from '../support/compile-cache';
import { ensureNode24 } from './support';

describe('compile cache on Node 24', () => {
  it("is Node's own, turned on by our call; ours stays unused", async () => {
    const node = join(await ensureNode24(), 'node');
    // No NODE_COMPILE_CACHE: only our call can have turned Node's cache on.
    const result = loadTsMorphWithCache(node, undefined);
    expect(result.stdout).toMatch(/node-cache-dir=\/\S+/);
    expect(result.said('missing') + result.said('used') + result.said('wrote') + result.said('no private folder')).toBe(0);
  });
});
