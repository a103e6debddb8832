// The Nest 11 project the benchmarks run in: made once with the real @nestjs/cli, installed, and
// cached at $WS_SCAFFOLD_BENCH_CACHE/nest11 (default ~/.cache/ws-scaffold-bench/nest11).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CREATE_TIMEOUT_MS = 15 * 60_000;

/** A broken setup or a failing command: the benchmarks exit 1 on it (a missed target exits 0). */
export class BenchError extends Error {}

function cacheRoot() {
  return process.env.WS_SCAFFOLD_BENCH_CACHE || join(homedir(), '.cache', 'ws-scaffold-bench');
}

function isUsableProject(dir) {
  return (
    existsSync(join(dir, 'package.json')) &&
    existsSync(join(dir, 'src')) &&
    existsSync(join(dir, 'node_modules', '.bin', 'nest')) &&
    existsSync(join(dir, 'node_modules', '@nestjs', 'schematics', 'package.json'))
  );
}

/** The cached project's folder, created on first use (`log` reports progress). */
export function cachedNestProject(log) {
  const root = cacheRoot();
  const project = join(root, 'nest11');
  if (existsSync(project)) {
    if (!isUsableProject(project)) {
      throw new BenchError(
        `the cached project ${project} is incomplete (no package.json, src/, node_modules/.bin/nest or @nestjs/schematics); delete it and re-run`,
      );
    }
    log(`Using the cached Nest 11 project ${project}`);
    return project;
  }

  mkdirSync(root, { recursive: true });
  // Build in a temp dir on the same file system, then rename: a half-made project is never cached.
  const work = mkdtempSync(join(root, '.tmp-nest11-'));
  try {
    const args = ['-y', '@nestjs/cli@11', 'new', 'bench-app', '--skip-git', '--package-manager', 'npm'];
    log(`Creating the Nest 11 project (first run only, ~1-2 min):\n  $ npx ${args.join(' ')}   (in ${work})`);
    const result = spawnSync('npx', args, {
      cwd: work,
      stdio: ['ignore', 2, 2], // progress to stderr, keep stdout for the result
      timeout: CREATE_TIMEOUT_MS,
      env: { ...process.env, CI: 'true' },
    });
    if (result.error) throw new BenchError(`npx @nestjs/cli@11 new failed to run: ${result.error.message}`);
    if (result.status !== 0) throw new BenchError(`npx @nestjs/cli@11 new exited ${result.status ?? result.signal}`);
    const made = join(work, 'bench-app');
    if (!isUsableProject(made)) {
      throw new BenchError(`nest new exited 0 but ${made} has no package.json / src / installed @nestjs/cli + schematics`);
    }
    try {
      renameSync(made, project);
    } catch (error) {
      // Another run may have won the race; its project is as good as ours.
      if (!['EEXIST', 'ENOTEMPTY'].includes(error.code) || !isUsableProject(project)) throw error;
      log(`(another run cached ${project} first; using it)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`Cached at ${project}`);
  return project;
}
