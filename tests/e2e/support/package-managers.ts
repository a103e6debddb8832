/**
 * pnpm, yarn classic and yarn berry for the e2e tests, from the npm registry (corepack cannot
 * download here), each installed into its own folder of the test cache (never globally), once,
 * under a lock. Put `bin` first on PATH to use one.
 */
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, cleanEnv, log, seconds, withLock } from './cache';
import { run } from './proc';

export type ToolName = 'pnpm' | 'yarn-classic' | 'yarn-berry';

/** Bump when a tool's package or major changes: old folders are then ignored. */
const RECIPE = 1;

const PACKAGES: Record<ToolName, { spec: string; bin: string }> = {
  pnpm: { spec: 'pnpm@12', bin: 'pnpm' },
  'yarn-classic': { spec: 'yarn@1', bin: 'yarn' },
  // Yarn 2+ as published on the npm registry; its bin is `yarn`.
  'yarn-berry': { spec: '@yarnpkg/cli-dist@4', bin: 'yarn' },
};

export interface Tool {
  name: ToolName;
  /** The folder to put first on PATH. */
  bin: string;
  version: string;
}

const memo = new Map<ToolName, Promise<Tool>>();

export function packageManager(name: ToolName): Promise<Tool> {
  let tool = memo.get(name);
  if (!tool) {
    tool = ensure(name).catch((error: unknown) => {
      memo.delete(name);
      throw error;
    });
    memo.set(name, tool);
  }
  return tool;
}

async function ensure(name: ToolName): Promise<Tool> {
  const { spec, bin } = PACKAGES[name];
  const folder = join(cacheRoot(), `${name}-r${RECIPE}`);
  const binDir = join(folder, 'node_modules', '.bin');
  const version = async () => {
    if (!existsSync(join(binDir, bin))) return undefined;
    try {
      return (await run(join(binDir, bin), ['--version'], { cwd: folder, env: cleanEnv(), timeoutMs: 60_000 })).stdout.trim();
    } catch {
      return undefined;
    }
  };
  const ready = async (): Promise<Tool | undefined> => {
    const v = await version();
    return v ? { name, bin: binDir, version: v } : undefined;
  };
  const found = await ready();
  if (found) return found;
  return withLock(`${name}-r${RECIPE}`, `installing ${spec}`, async () => {
    const again = await ready();
    if (again) return again;
    rmSync(folder, { recursive: true, force: true });
    const started = Date.now();
    const tmp = mkdtempSync(join(cacheRoot(), `.tmp-${name}-`));
    try {
      writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({ private: true, description: `ws-scaffold e2e: ${spec}` })}\n`);
      await run('npm', ['install', spec, '--no-audit', '--no-fund'], { cwd: tmp, env: cleanEnv(), timeoutMs: 5 * 60_000 });
      renameSync(tmp, folder);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`could not install ${spec} into ${folder}: ${(error as Error).message}`);
    }
    const tool = await ready();
    if (!tool) throw new Error(`${spec} installed into ${folder}, but ${join(binDir, bin)} --version fails`);
    log(`${spec} ${tool.version} ready in ${binDir} (${seconds(Date.now() - started)})`);
    return tool;
  });
}
